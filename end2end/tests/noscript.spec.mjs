import { test, expect } from '@playwright/test';
import { accounts, institutionClass, PASSWORD } from './helpers.mjs';

// The forms that matter work before the wasm arrives (a phone on a slow network): with
// JavaScript off they post to their server function, which answers with the next page.

/** A phone with JavaScript off, noting every address it asks for. */
async function phoneWithoutScript(browser) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const asked = [];
  page.on('request', (r) => asked.push({ method: r.method(), url: r.url(), body: r.postData() || '' }));
  return { context, page, asked };
}

test('with JavaScript off a teacher logs in by the form: a refusal shows on the page, the password never enters an address', async ({ browser }) => {
  const { context, page, asked } = await phoneWithoutScript(browser);
  await page.goto('/login');
  await expect(page.locator('form[method=post]')).toBeVisible();

  await page.fill('#f-account', accounts.teacher);
  await page.fill('#f-password', 'WrongPass2026');
  await page.fill('#f-captcha', '0000');
  await page.click('button[type=submit]');
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByTestId('login-error')).toContainText('账号或密码错误');

  await page.fill('#f-account', accounts.teacher);
  await page.fill('#f-password', PASSWORD);
  await page.fill('#f-captcha', '0000');
  await page.click('button[type=submit]');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.screenshot({ path: 'screenshots/noscript-home.png' });

  const posts = asked.filter((r) => r.url.includes('/api/login'));
  expect(posts.length).toBe(2);
  expect(posts.every((r) => r.method === 'POST')).toBe(true);
  expect(posts[1].body).toContain('password=');
  for (const r of asked) {
    expect(r.url).not.toContain('password');
    expect(r.url).not.toContain(PASSWORD);
    expect(r.url).not.toContain('WrongPass2026');
  }
  await context.close();
});

test('with JavaScript off a scanned check-in logs in, comes back with the code filled in and checks in by the form', async ({ browser }) => {
  const inst = await browser.newPage();
  const project = '小学语文骨干教师研修';
  await institutionClass(inst, project);
  await expect(inst.locator('.card-head h2').first()).toContainText(project);
  await inst.locator('#f-checkin-title').fill('无脚本签到');
  await inst.getByTestId('start-checkin').click();
  await expect(inst).toHaveURL(/\/checkin\/screen\/\d+/);
  const url = await inst.getByTestId('checkin-qr').getAttribute('data-url');

  const { context, page } = await phoneWithoutScript(browser);
  await page.goto(url);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.fill('#f-account', '13900000008');
  await page.fill('#f-password', PASSWORD);
  await page.fill('#f-captcha', '0000');
  await page.click('button[type=submit]');
  await expect(page).toHaveURL(/\/checkin\?s=\d+&c=\d{6}/);
  await expect(page.getByTestId('checkin-code')).toHaveValue(/^\d{6}$/);
  await page.getByRole('button', { name: '签到' }).click();
  await expect(page).toHaveURL(/\/checkin\?done=\d+/);
  await expect(page.getByTestId('checked-in')).toContainText('签到成功');
  await expect(page.getByTestId('checked-in')).toContainText(project);
  await expect(page.getByTestId('checked-in')).toContainText('无脚本签到');
  await page.screenshot({ path: 'screenshots/noscript-checkin.png' });

  // A wrong code typed by hand comes back with the reason.
  await page.goto('/checkin');
  await page.getByTestId('checkin-code').fill('000000');
  await page.getByRole('button', { name: '签到' }).click();
  await expect(page.getByTestId('checkin-error')).toContainText('签到码已失效或不正确');
  await context.close();
  await inst.getByTestId('end-checkin').click();
});
