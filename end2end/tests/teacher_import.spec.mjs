import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

const HEADERS = ['姓名*', '身份证号*', '学校全称', '民族*', '政治面貌*', '任教学段*', '任教学科*', '第一学历*', '最高学历*',
  '职称*', '岗位*', '参加工作日期', '教师资格证号', '公费师范生', '特岗教师', '手机号', '邮箱'];

/** A valid ID number (GB 11643 check character) for a 2002 birth date — after the demo's. */
function idNumber(day, seq) {
  const first17 = `130102200202${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

function row(name, id, { school = '', stage = '小学', subject = '数学' } = {}) {
  return [name, id, school, '汉族', '群众', stage, subject, '大学本科', '大学本科', '二级教师', '专任教师',
    '2024-09-01', '', '否', '否', '', ''];
}

function csv(rows) {
  return Buffer.from([HEADERS, ...rows].map((r) => r.join(',')).join('\r\n'), 'utf8');
}

async function uploadFile(page, name, buffer) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByTestId('import-upload').click();
  await expect(page.getByTestId('import-preview')).toBeVisible({ timeout: 30_000 });
}

test('a school admin imports a file with 3 bad rows, sees why, fixes them and re-imports', async ({ page }) => {
  const ids = [1, 2, 3, 4, 5].map((d) => idNumber(d, 101));
  const badCheck = ids[2].slice(0, 17) + (ids[2][17] === '0' ? '1' : '0');
  const good = [row('导入甲', ids[0]), row('导入乙', ids[1])];
  const bad = [
    row('导入丙', badCheck),
    row('导入丁', ids[3], { subject: '物理' }),
    row('导入戊', ids[4], { school: '别的学校' }),
  ];
  await login(page, accounts.schoolAdmin);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/teachers');
  await page.getByTestId('import-teachers').click();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached();
  await expect(page.getByTestId('import-file')).toBeVisible();

  await uploadFile(page, '新教师.csv', csv([...good, ...bad]));
  await expect(page.getByTestId('import-counts')).toHaveText('共 5 行：新增 2，更新 0，无变化 0，有错误 3');
  // Each bad cell is marked with its reason, on the row it came from.
  const rows = page.getByTestId('import-rows');
  await expect(rows.locator('tr[data-line="4"] td.cell-bad')).toContainText('校验');
  await expect(rows.locator('tr[data-line="5"] td.cell-bad')).toContainText('不属于小学学段');
  await expect(rows.locator('tr[data-line="6"] td.cell-bad')).toContainText('只能导入本校');
  await expect(rows.locator('td.cell-bad')).toHaveCount(3);
  // All-or-nothing cannot go ahead with errors; valid rows only can.
  await expect(page.getByTestId('import-commit')).toBeDisabled();
  await page.screenshot({ path: 'screenshots/import-preview.png', fullPage: true });
  await page.getByTestId('mode-valid-only').check();
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-summary')).toHaveText('导入 2 / 5 行：新增 2，更新 0，无变化 0；3 行有错误未导入');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-rejected').click()]);
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('../target/debug/server', ['read-xlsx', await download.path()], { encoding: 'utf8' });
  const back = out.trim().split('\n').map((l) => l.split('\t'));
  expect(back.map((r) => r[0])).toEqual(['姓名', '导入丙', '导入丁', '导入戊']);
  expect(back[1][17]).toContain('身份证号');

  // Fixed, the whole file again: the three come in, the two already there are unchanged.
  await page.getByTestId('import-again').click();
  const fixed = [row('导入丙', ids[2]), row('导入丁', ids[3], { subject: '语文' }), row('导入戊', ids[4])];
  await uploadFile(page, '新教师（已修正）.csv', csv([...good, ...fixed]));
  await expect(page.getByTestId('import-counts')).toHaveText('共 5 行：新增 3，更新 0，无变化 2，有错误 0');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-summary')).toHaveText('导入 5 / 5 行：新增 3，更新 0，无变化 2');

  await open(page, '/teachers');
  await page.fill('#f-keyword', '导入');
  await page.click('.filter-actions button[type=submit]');
  await expect(page.locator('[data-testid=teachers-table] tbody tr')).toHaveCount(5);
});

test('the import preview reads on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, accounts.schoolAdmin);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/teachers/import');
  await uploadFile(page, 'phone.csv', csv([row('手机甲', idNumber(9, 202), { subject: '化学' })]));
  await expect(page.locator('td.cell-bad')).toContainText('不属于小学学段');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'screenshots/import-phone.png', fullPage: true });
});
