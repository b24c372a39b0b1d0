import { expect } from '@playwright/test';

export const PASSWORD = 'Shixun2026';
export const accounts = {
  province: '13900000001',
  county: '13900000003',
  otherCounty: '13900000007',
  schoolAdmin: '13900000004',
  teacher: '13900000006',
  // 郑老师 by ID number: still valid after a test changes the teacher's phone.
  teacherId: '130102199206186620',
};

/** Opens a page and waits until it is hydrated (interactive). */
export async function open(page, path) {
  if (!page.__logging) {
    page.__logging = true;
    page.on('pageerror', (e) => console.log('PAGEERROR', page.url(), e.message.slice(0, 300)));
    page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', page.url(), m.text().slice(0, 300)));
  }
  await page.goto(path);
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
}

export async function login(page, account, password = PASSWORD) {
  await open(page, '/login');
  await page.fill('#f-account', account);
  await page.fill('#f-password', password);
  await page.fill('#f-captcha', '0000'); // accepted only with SHIXUN_TEST_CAPTCHA=1 in demo mode
  await page.click('button[type=submit]');
}

/**
 * As the institution: logs in, opens 班级管理 and picks the class whose label holds `label`.
 * Returns the class's id (the picker's value).
 */
export async function institutionClass(page, label, institution = '13900000005') {
  await login(page, institution);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/classes');
  const value = await page.getByTestId('class-picker').locator('option', { hasText: label }).getAttribute('value');
  await page.getByTestId('class-picker').selectOption(value);
  return value;
}

/** As the demo school admin: certifies (学分认定) the queued credit whose row holds `rowText`. */
export async function schoolCertifies(browser, rowText) {
  const school = await browser.newPage();
  await login(school, accounts.schoolAdmin);
  await expect(school.getByTestId('welcome')).toBeVisible();
  await open(school, '/credits/review');
  await school.getByTestId('credit-queue').locator('tr', { hasText: rowText }).locator('input[type=checkbox]').check();
  await school.getByTestId('batch-certify').click();
  await expect(school.locator('.notice-ok')).toContainText('已认定：1 条');
  return school;
}
