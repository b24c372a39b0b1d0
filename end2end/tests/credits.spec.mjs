import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { open, login, accounts, schoolCertifies } from './helpers.mjs';

test('a teacher reads the credit table on a phone, enters school-based research, the school certifies it', async ({ browser }) => {
  const t = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(t, accounts.teacherId);
  await expect(t.getByTestId('welcome')).toBeVisible();
  await open(t, '/my/credits');
  const table = t.getByTestId('credit-table');
  await expect(table).toContainText('校本研修');
  await expect(t.getByTestId('credit-missing')).toContainText('年还差 16 学分');
  const overflow = await t.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The form checks as the teacher types once a save was tried, and keeps what was typed.
  await t.getByTestId('add-credit').click();
  const drawer = t.locator('.drawer');
  await drawer.locator('#f-title').fill('校本教研：大单元教学设计');
  await t.getByTestId('save-credit').click();
  await expect(drawer).toContainText('学分须大于 0');
  await expect(drawer.locator('#f-title')).toHaveValue('校本教研：大单元教学设计');
  const year = String(new Date().getFullYear());
  await drawer.locator('#f-year').fill(year);
  await drawer.locator('#f-credits').fill('2.5');
  await expect(drawer).not.toContainText('学分须大于 0');
  await drawer.locator('#f-hours').fill('8');
  await t.getByTestId('save-credit').click();
  await expect(t.locator('.notice-ok')).toContainText('已提交，等待认定');
  await expect(t.getByTestId('credit-entries')).toContainText('待审核');

  // The school certifies it.
  const school = await schoolCertifies(browser, '郑老师');

  // The table counts it; the bell tells the teacher (reading it clears the count).
  await open(t, '/my/credits');
  await expect(table.locator('tr', { hasText: '校本研修' })).toContainText('2.5/10');
  await expect(t.getByTestId('credit-entries')).toContainText('已认定');
  await t.screenshot({ path: 'screenshots/my-credits-phone.png', fullPage: true });
  await t.getByTestId('bell').click();
  await expect(t.getByTestId('inbox')).toContainText('学分已认定');
  // The 消息中心 holds it too, under its kind, and leads to what it is about.
  await open(t, '/messages?kind=credits');
  const message = t.getByTestId('message').filter({ hasText: '学分已认定' }).first();
  await expect(message).toContainText('学分认定');
  await message.getByRole('link', { name: '查看' }).click();
  await expect(t).toHaveURL(/\/my\/credits$/);

  // The teacher prints the credit certificate; its QR link shows what it states.
  const [cert] = await Promise.all([t.waitForEvent('download'), t.getByTestId('credit-certificate').click()]);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', await cert.path(), '-'], { encoding: 'utf8' });
  expect(text).toContain('学分证明');
  expect(text).toContain('郑老师');
  expect(text).toContain('2.5/10');
  const url = text.match(/https?:\/\/\S+\/verify\/[A-Z0-9]+/)[0];
  const visitor = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await open(visitor, url);
  await expect(visitor.getByTestId('verify-result')).toContainText('学分证明');
  await expect(visitor.getByTestId('verify-result')).toContainText('校本研修 2.5');
  await expect(visitor.getByTestId('verify-holder')).toContainText('郑*师');

  // The school's shortfall list still names the teacher, with what is missing, and exports it.
  await open(school, '/credits/shortfall');
  const row = school.getByTestId('shortfall-row').filter({ hasText: '郑老师' });
  await expect(row).toContainText('2.5/16');
  await expect(row).toContainText('本年度未达标');
  await expect(row).toContainText('校本研修还差 7.5 学分');
  await expect(school.getByTestId('shortfall-summary')).toContainText('在岗教师');
  await school.screenshot({ path: 'screenshots/shortfall.png', fullPage: true });
  const [sheet] = await Promise.all([school.waitForEvent('download'), school.getByTestId('export-shortfall').click()]);
  const rows = execFileSync('../target/debug/server', ['read-xlsx', await sheet.path()], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.split('\t'));
  expect(rows[0][0]).toBe('姓名');
  expect(rows.find((r) => r[0] === '郑老师')[4]).toBe('2.5/16');
});
