import { test, expect } from '@playwright/test';
import { open, login, accounts, PASSWORD } from './helpers.mjs';

test('a teacher logs in and sees the welcome page', async ({ page }) => {
  await login(page, accounts.teacher);
  await expect(page.getByTestId('welcome')).toContainText('郑老师');
});

test('first login forces a password change', async ({ page }) => {
  await open(page, '/login');
  const idRow = page.locator('.demo-accounts tr', { hasText: '首次登录' });
  const id = (await idRow.locator('code').first().textContent()).trim();
  const initial = (await idRow.locator('code').nth(1).textContent()).trim();
  await login(page, id, initial);
  await expect(page).toHaveURL(/change-password/);
  await expect(page.getByTestId('forced-change')).toBeVisible();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached();
  await page.fill('#f-current', initial);
  await page.fill('#f-new', 'abc');
  await expect(page.locator('.field.has-error')).toContainText('密码至少 8 位');
  await page.fill('#f-new', 'Kecheng2026ok');
  await page.fill('#f-confirm', 'Kecheng2026ok');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('welcome')).toContainText('冯新师');
});

test('three wrong passwords lock the account', async ({ page }) => {
  await login(page, accounts.otherCounty, 'wrong-pass-1');
  await expect(page.getByTestId('login-error')).toContainText('还可尝试 2 次');
  await page.fill('#f-password', 'wrong-pass-2');
  await page.fill('#f-captcha', '0000');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('login-error')).toContainText('还可尝试 1 次');
  await page.fill('#f-password', 'wrong-pass-3');
  await page.fill('#f-captcha', '0000');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('login-error')).toContainText('账号已锁定至');

  // Unlock at once with a code sent to the verified phone (read from the demo mailbox).
  await page.getByTestId('unlock-link').click();
  await expect(page.locator('h1')).toHaveText('解锁账号');
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached();
  await page.fill('#f-account', accounts.otherCounty);
  await page.fill('#f-captcha', '0000');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('code-sent')).toContainText('验证码已发送');
  await expect(page.getByTestId('code-sent')).not.toContainText('****');
  const mail = await page.context().newPage();
  await mail.goto('/dev/mailbox');
  const code = (await mail.locator('.mailbox li .body').first().textContent()).match(/验证码 (\d{6})/)[1];
  await mail.close();
  await page.fill('#f-code', code);
  await page.click('button[type=submit]');
  await expect(page.getByTestId('recovery-done')).toContainText('账号已解锁');
  await login(page, accounts.otherCounty, PASSWORD);
  await expect(page.getByTestId('welcome')).toContainText('李县管');
});

test('a school admin who also teaches switches role', async ({ page }) => {
  await login(page, accounts.schoolAdmin);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached();
  const select = page.getByTestId('role-switch');
  await expect(select.locator('option')).toHaveCount(2);
  const teacherOption = select.locator('option', { hasText: '教师' });
  await select.selectOption(await teacherOption.getAttribute('value'));
  await expect(page.locator('.sidebar')).toContainText('基本信息');
  await expect(page.getByText('当前角色：教师')).toBeVisible();
});

test('the login page fits a 360 px phone without horizontal scroll', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await open(page, '/login');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'screenshots/login-360.png', fullPage: true });
  await page.close();
});
