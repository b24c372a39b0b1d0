import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

test('a teacher chooses on a phone which messages also come by SMS', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, accounts.teacherId);
  await expect(page.getByTestId('welcome')).toBeVisible();
  // The bell leads to the 消息中心.
  await page.getByTestId('bell').click();
  await page.getByTestId('message-centre').click();
  await expect(page.locator('h1')).toHaveText('消息中心');
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached();
  const settings = page.getByTestId('message-settings');
  await expect(settings).toContainText('请假审批');
  await expect(page.getByText('短信发送至 139****0006')).toBeVisible();
  // Account safety always comes, and cannot be switched off.
  const safety = page.getByTestId('choice-contact_changed-phone');
  await expect(safety).toBeChecked();
  await expect(safety).toBeDisabled();
  const leave = page.getByTestId('choice-leave-phone');
  await expect(leave).not.toBeChecked();
  await leave.check();
  await expect(page.locator('.notice-ok')).toContainText('已保存：请假审批');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'screenshots/messages-phone.png', fullPage: true });
  await open(page, '/messages');
  await expect(page.getByTestId('choice-leave-phone')).toBeChecked();
});

test('the province reads in 发送记录 that a code went out', async ({ browser }) => {
  const someone = await browser.newPage();
  await open(someone, '/forgot-password');
  await someone.fill('#f-account', accounts.county);
  await someone.fill('#f-captcha', '0000');
  await someone.click('button[type=submit]');
  await expect(someone.getByTestId('code-sent')).toContainText('验证码已发送');

  const province = await browser.newPage();
  await login(province, accounts.province);
  await expect(province.getByTestId('welcome')).toBeVisible();
  await open(province, '/settings/messages?kind=account_code');
  await expect(province.locator('#f-kind')).toHaveValue('account_code');
  const row = province.getByTestId('delivery').filter({ hasText: '139****0003' }).first();
  // The worker sends it within moments of the request.
  await expect(async () => {
    await open(province, '/settings/messages?kind=account_code');
    await expect(row).toContainText('已发送', { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText('账号验证码');
  await expect(row).toContainText('短信');
  await province.screenshot({ path: 'screenshots/deliveries.png', fullPage: true });

  // Nobody else opens it.
  const county = await browser.newPage();
  await login(county, accounts.otherCounty);
  await expect(county.getByTestId('welcome')).toBeVisible();
  await open(county, '/settings/messages');
  await expect(county.getByTestId('refused')).toBeVisible();
});
