import { test, expect } from '@playwright/test';
import { accounts, PASSWORD } from './helpers.mjs';

// Issue 13: a teacher on a rural phone network — 400 ms latency, 400 kbit/s each way, a CPU
// four times slower — cold, with nothing cached. Budgets from the measurement on this machine
// (see the README): the login form works within 6 s, 首页 is usable within 8 s of tapping 登录,
// 继续教育 within 5 s of tapping 培训 on the tab bar.
const BUDGET = { loginForm: 6_000, home: 8_000, training: 5_000 };

test('on a weak rural network the login form works within 6 s, 首页 within 8 s of 登录, 继续教育 within 5 s', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1000) / 8,
    uploadThroughput: (400 * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  // The form works as soon as it is on the screen: before the wasm it posts natively.
  let t = Date.now();
  await page.goto('/login', { waitUntil: 'commit' });
  await expect(page.locator('form[method=post] button[type=submit]')).toBeVisible({ timeout: 30_000 });
  const loginForm = Date.now() - t;
  // Typed as a person types on a phone (120 ms a key); the page fetches the next page's files
  // meanwhile (prefetch).
  await page.locator('#f-account').pressSequentially(accounts.teacherId, { delay: 120 });
  await page.locator('#f-password').pressSequentially(PASSWORD, { delay: 120 });
  await page.locator('#f-captcha').pressSequentially('0000', { delay: 120 });

  t = Date.now();
  await page.click('button[type=submit]', { noWaitAfter: true });
  await expect(page.getByTestId('welcome')).toBeVisible({ timeout: 30_000 });
  const homeShown = Date.now() - t;
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
  const home = Date.now() - t;

  t = Date.now();
  await page.locator('nav.tabbar a', { hasText: '培训' }).click();
  await expect(page.getByTestId('tab-0')).toBeVisible({ timeout: 30_000 });
  const training = Date.now() - t;

  console.log(`weak network (400 ms, 400 kbit/s, CPU ×4): login form works at ${loginForm} ms, ` +
     `首页 shown ${homeShown} ms and usable ${home} ms after 登录, 继续教育 ${training} ms after the tap`);
  await page.screenshot({ path: 'screenshots/weak-network-training.png' });
  expect(loginForm).toBeLessThanOrEqual(BUDGET.loginForm);
  expect(home).toBeLessThanOrEqual(BUDGET.home);
  expect(training).toBeLessThanOrEqual(BUDGET.training);
  await context.close();
});

test('what a teacher types before the wasm arrives is still there once the page is live, and the live form logs in with it', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8,
  });
  await page.goto('/login', { waitUntil: 'commit' });
  await page.locator('#f-account').fill(accounts.teacherId);
  // Typed before hydration: the live page must not wipe it.
  expect(await page.evaluate(() => document.body.dataset.hydrated)).toBeUndefined();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
  await expect(page.locator('#f-account')).toHaveValue(accounts.teacherId);
  await page.fill('#f-password', PASSWORD);
  await page.fill('#f-captcha', '0000');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('welcome')).toBeVisible({ timeout: 30_000 });
  await context.close();
});
