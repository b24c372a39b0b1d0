import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { open, login, institutionClass } from './helpers.mjs';

// 王老师: enrolled in a class that ended five days ago, waiting for scores and an evaluation.
const finishedTeacher = '13900000008';
const institution = '13900000005';
const project = '小学语文骨干教师研修';

/** A downloaded PDF's text, as poppler reads it (the Chinese must come out right). */
async function pdfText(download) {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', await download.path(), '-'], { encoding: 'utf8' });
}

async function finishedTab(page) {
  await open(page, '/my/training');
  await page.getByTestId('tab-2').click();
  const card = page.getByTestId('training-card').filter({ hasText: project });
  await expect(card).toBeVisible();
  return card;
}

test('the institution imports scores; the teacher prints the opening notice and a certificate whose QR link verifies; the credits count', async ({ browser }) => {
  const t = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(t, finishedTeacher);
  await expect(t.getByTestId('welcome')).toBeVisible();
  let card = await finishedTab(t);
  const [notice] = await Promise.all([t.waitForEvent('download'), card.getByTestId('notice-pdf').click()]);
  const noticeText = await pdfText(notice);
  expect(noticeText).toContain('开班通知');
  expect(noticeText).toContain('王老师');
  await expect(card.getByTestId('certificate-pdf')).toHaveCount(0);

  // The institution picks the class, checks a cell as it is typed, then imports the sheet.
  const inst = await browser.newPage();
  const value = await institutionClass(inst, project, institution);
  // 王老师 is in the first class shown too: wait for the chosen class itself.
  await expect(inst.locator('.card-head h2').first()).toContainText(project);
  const row = inst.getByTestId('score-row').filter({ hasText: '王老师' });
  await expect(row).toBeVisible();
  await row.getByTestId('score-0').fill('61');
  await expect(row).toContainText('超过满分 60');
  await row.getByTestId('score-0').fill('');
  const [sheet] = await Promise.all([inst.waitForEvent('download'), inst.getByRole('link', { name: '下载成绩表' }).click()]);
  const rows = execFileSync('../target/debug/server', ['read-xlsx', await sheet.path()], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.split('\t'));
  expect(rows[0].slice(0, 3)).toEqual(['姓名', '报名号', '身份证号']);
  expect(rows[0].slice(4)).toEqual(['集中学习', '网络学习']);
  const wang = rows.find((r) => r[0] === '王老师');
  expect(wang[2]).toContain('**********'); // masked: the sheet carries no full ID number
  const csv = `姓名,报名号,集中学习,网络学习\n王老师,${wang[1]},55,40\n无此人,99999999,50,40\n`;
  await inst.getByTestId('import-scores').setInputFiles({ name: '成绩.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(inst.locator('.notice-ok')).toContainText('已保存 1 名学员的成绩');
  await expect(inst.getByTestId('import-report')).toContainText('第 3 行');
  await expect(row.getByTestId('row-total')).toHaveText('95');
  await expect(row).toContainText('合格');
  await inst.screenshot({ path: 'screenshots/class-scores.png', fullPage: true });

  // The teacher sees 总成绩 and prints the certificate.
  card = await finishedTab(t);
  await expect(card.getByTestId('total-score')).toHaveText('95');
  await expect(card.getByTestId('training-result')).toContainText('集中学习');
  await t.screenshot({ path: 'screenshots/finished-phone.png', fullPage: true });

  // The home's 待办 counts down the days left to evaluate, and opens the 已结束 tab.
  await open(t, '/');
  const todo = t.getByTestId('home-todo').filter({ hasText: '待评教' });
  await expect(todo).toContainText(/还剩 \d+ 天|今天截止/);
  await expect(todo).toContainText('小学语文骨干教师研修');
  await todo.getByRole('link').click();
  await expect(t).toHaveURL(/\/my\/training\?tab=2/);
  card = t.getByTestId('training-card').filter({ hasText: '小学语文骨干教师研修' });
  await expect(card.getByTestId('total-score')).toHaveText('95');

  // 评教 within ten days: every question needs its stars.
  await card.getByTestId('evaluate').click();
  const dialog = t.getByTestId('evaluation-dialog');
  await dialog.getByTestId('submit-evaluation').click();
  await expect(dialog).toContainText('请为“总体满意度”打分');
  for (const q of await dialog.locator('fieldset.stars').all()) {
    await q.locator('label.star').nth(3).click();
  }
  await dialog.locator('#f-comment').fill('案例贴近课堂，希望增加观摩课。');
  await dialog.getByTestId('submit-evaluation').click();
  await expect(t.locator('.notice-ok')).toContainText('评教已提交');
  await expect(card).toContainText('已评教');
  const [cert] = await Promise.all([t.waitForEvent('download'), card.getByTestId('certificate-pdf').click()]);
  const text = await pdfText(cert);
  expect(text).toContain('王老师');
  expect(text).toContain(project);
  const url = text.match(/https?:\/\/\S+\/verify\/[A-Z0-9]+/)[0];

  // Whoever scans the QR code lands on the public page, without logging in.
  const visitor = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await open(visitor, url);
  await expect(visitor.getByTestId('verify-result')).toContainText('有效');
  await expect(visitor.getByTestId('verify-holder')).toContainText('王*师');
  await expect(visitor.getByTestId('verify-result')).toContainText('30 学时');
  await visitor.screenshot({ path: 'screenshots/verify-phone.png', fullPage: true });
  await visitor.getByTestId('verify-input').fill('SX2026AAAAAAAAAA');
  await visitor.getByTestId('verify-input').press('Enter');
  await expect(visitor.getByTestId('verify-result')).toContainText('查无此证书编号');

  // The institution reads the averages and the comment.
  await open(inst, '/classes');
  await inst.getByTestId('class-picker').selectOption(value);
  await expect(inst.locator('.card-head h2').first()).toContainText(project);
  await expect(inst.getByTestId('evaluation-summary')).toContainText('已评 1 / 1 人');
  await expect(inst.getByTestId('evaluation-summary')).toContainText('希望增加观摩课');

  // The credit ledger has the project's hours.
  await open(t, '/my/credits');
  await expect(t.getByTestId('credit-entries').locator('tr', { hasText: project })).toContainText('10 学分 / 30 学时');
  await expect(t.getByTestId('credit-table').locator('tr', { hasText: '专业选修' })).toContainText('10/');
});
