import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { open, login, accounts } from './helpers.mjs';

async function search(page, keyword) {
  await page.fill('#f-keyword', keyword);
  await page.click('.filter-actions button[type=submit]');
}

test('a school admin adds a teacher and cannot change a key field', async ({ page }) => {
  await login(page, accounts.schoolAdmin);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/teachers');
  await expect(page.getByTestId('teachers-table')).toBeVisible();
  await page.getByTestId('add-teacher').click();
  const drawer = page.locator('.drawer');
  await drawer.locator('#f-name').fill('韩端到');
  await drawer.locator('#f-id_number').fill('130102199503051231');
  await expect(drawer).toContainText('校验位'); // validated as typed, with the shared rule
  await drawer.locator('#f-id_number').fill('130102199503051239');
  await drawer.locator('#f-ethnicity').selectOption('汉族');
  await drawer.locator('#f-political_status').selectOption('群众');
  await drawer.locator('#f-stage').selectOption('初中');
  await drawer.locator('#f-subject').selectOption('物理');
  await drawer.locator('#f-initial_education').selectOption('大学本科');
  await drawer.locator('#f-highest_education').selectOption('大学本科');
  await drawer.locator('#f-title').selectOption('二级教师');
  await drawer.locator('#f-post').selectOption('专任教师');
  await page.getByTestId('save-teacher').click();
  await expect(page.locator('.notice-ok')).toContainText('已增加：韩端到');

  await search(page, '韩端到');
  await page.locator('[data-testid=teachers-table] a', { hasText: '韩端到' }).first().click();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached();
  await expect(page.getByTestId('teacher-fields')).toContainText('初中');
  await expect(page.getByTestId('id-number')).toContainText('*');
  await page.getByTestId('edit-teacher').click();
  await expect(page.getByTestId('key-hint')).toBeVisible();
  await expect(page.locator('.drawer #f-name')).toBeDisabled();
  await expect(page.locator('.drawer #f-id_number')).toBeDisabled();
  await page.locator('.drawer #f-title').selectOption('一级教师');
  await page.getByTestId('save-teacher').click();
  await expect(page.locator('.notice-ok')).toContainText('已保存 1 项修改');
  await expect(page.getByTestId('history')).toContainText('修改职称');
  await expect(page.getByTestId('history')).toContainText('二级教师');
  await page.screenshot({ path: 'screenshots/teacher-detail.png', fullPage: true });

  // The server refuses a crafted key-field change, whatever the form allows.
  const id = page.url().split('/').pop();
  const res = await page.evaluate(async (id) => {
    const body = new URLSearchParams({ id, 'fields[name]': '韩改名', 'fields[id_number]': '130102199503051239',
      'fields[ethnicity]': '汉族', 'fields[political_status]': '群众', 'fields[stage]': '初中', 'fields[subject]': '物理',
      'fields[initial_education]': '大学本科', 'fields[highest_education]': '大学本科', 'fields[title]': '一级教师',
      'fields[post]': '专任教师' });
    const r = await fetch('/api/update_teacher', { method: 'POST', body });
    return [r.status, await r.text()];
  }, id);
  expect(res[0]).toBe(422);
  expect(res[1]).toContain('关键字段');
});

test('a county admin moves a teacher to another school and the history shows it', async ({ page }) => {
  await login(page, accounts.county);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/teachers');
  await page.locator('#f-status').selectOption('在岗');
  await page.click('.filter-actions button[type=submit]');
  const first = page.locator('[data-testid=teachers-table] tbody tr').first();
  const fromSchool = (await first.locator('[data-label=学校]').textContent()).trim();
  await first.locator('a').first().click();
  await expect(page.getByTestId('teacher-fields')).toBeVisible();
  await page.getByTestId('reveal-id').click();
  await expect(page.getByTestId('id-number')).not.toContainText('*');
  await page.getByTestId('move-teacher').click();
  await page.getByTestId('dest-school').check();
  await page.locator('.dialog #f-move_county').selectOption('130102');
  const school = page.locator('.dialog #f-school_id');
  await expect(school.locator('option')).not.toHaveCount(1);
  const options = await school.locator('option').allTextContents();
  const target = options.slice(1).find((o) => !fromSchool.startsWith(o));
  await school.selectOption({ label: target });
  await page.getByTestId('confirm-move').click();
  await expect(page.locator('.notice-ok')).toContainText('已调至新学校');
  await expect(page.getByTestId('teacher-fields')).toContainText(target);
  await expect(page.getByTestId('history')).toContainText(`→ ${target}`);
});

test('teachers become cards on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, accounts.schoolAdmin);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/teachers');
  await expect(page.getByTestId('teachers-table')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Only the keyword shows until 更多筛选 opens the other filters.
  await expect(page.locator('#f-keyword')).toBeVisible();
  await expect(page.locator('#f-stage')).toBeHidden();
  await page.screenshot({ path: 'screenshots/teachers-phone.png', fullPage: true });
  await page.getByTestId('more-filters').click();
  await expect(page.locator('#f-stage')).toBeVisible();
  await expect(page.getByTestId('more-filters')).toHaveText('收起');
});

test('the export opens in a spreadsheet reader with the rows of the list', async ({ page }) => {
  await login(page, accounts.schoolAdmin);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/teachers');
  await page.locator('#f-stage').selectOption('小学');
  await page.click('.filter-actions button[type=submit]');
  await expect(page.getByTestId('teachers-table')).toBeVisible();
  const listed = await page.locator('[data-label=师训号]').allTextContents();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-teachers').click()]);
  const path = await download.path();
  const { execFileSync } = await import('node:child_process');
  // The xlsx is read back by calamine through the server binary's own reader.
  const out = execFileSync('../target/debug/server', ['read-xlsx', path], { encoding: 'utf8' });
  const rows = out.trim().split('\n').map((l) => l.split('\t'));
  expect(rows[0][0]).toBe('师训号');
  const exported = rows.slice(1).map((r) => r[0]);
  expect(exported.slice(0, listed.length)).toEqual(listed.map((s) => s.trim()));
  expect(rows.slice(1).every((r) => r[6] === '小学')).toBe(true);
});

test('a school admin issues an initial password and the teacher logs in with it', async ({ page, browser }) => {
  await login(page, accounts.schoolAdmin);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/teachers');
  // The list marks the accounts nobody has logged in to yet; take one of them.
  await expect(page.getByTestId('teachers-table')).toBeVisible();
  const fresh = page.locator('[data-testid=teachers-table] tbody tr', { has: page.getByTestId('never-logged-in') })
    .filter({ hasNotText: '冯新师' }).first();
  await expect(fresh).toBeVisible();
  const name = (await fresh.locator('td[data-label=姓名] strong').textContent()).trim();
  await fresh.getByRole('checkbox').check();
  await page.getByTestId('issue-passwords').click();
  const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByTestId('confirm-ok').click()]);
  expect(sheet.suggestedFilename()).toBe('初始密码发放表.xlsx');
  const rows = execFileSync('../target/debug/server', ['read-xlsx', await sheet.path()], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.split('\t'));
  expect(rows[0]).toEqual(['姓名', '师训号', '身份证号', '学校', '初始密码', '有效期至']);
  expect(rows[1][0]).toBe(name);
  const [account, password] = [rows[1][1], rows[1][4]];
  expect(password).toMatch(/^[A-Za-z2-9]{10}$/);
  await page.screenshot({ path: 'screenshots/issue-passwords.png', fullPage: true });

  // The teacher logs in with the sheet's password and must choose their own.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await login(phone, account, password);
  await expect(phone).toHaveURL(/change-password/);
  await expect(phone.getByTestId('forced-change')).toBeVisible();
});

test('the teacher list keeps its filter and page in the address: back and refresh show the same list', async ({ page }) => {
  await login(page, accounts.province);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/teachers');
  await page.locator('#f-status').selectOption('在岗');
  await page.click('.filter-actions button[type=submit]');
  await expect(page).toHaveURL(/status=/);
  const statuses = page.locator('[data-testid=teachers-table] [data-label="状态"]');
  await expect(statuses.first()).toContainText('在岗');
  for (const s of await statuses.allTextContents()) expect(s).toContain('在岗');

  // The second page is an address too.
  const next = page.locator('.pager button', { hasText: '下一页' });
  await expect(next).toBeEnabled();
  const firstOnPage1 = await page.locator('[data-testid=teachers-table] tbody tr').first().textContent();
  await next.click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator('.pager-pos')).toContainText('2 /');
  await expect(page.locator('[data-testid=teachers-table] tbody tr').first()).not.toHaveText(firstOnPage1);

  // Refresh: the same page of the same filter, rendered by the server, the field still set.
  await page.reload();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached();
  await expect(page.locator('.pager-pos')).toContainText('2 /');
  await expect(page.locator('#f-status')).toHaveValue('在岗');

  // Into a record and back: the list is where it was.
  await page.locator('[data-testid=teachers-table] tbody tr a').first().click();
  await expect(page.getByTestId('teacher-fields')).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator('.pager-pos')).toContainText('2 /');
  await expect(page.locator('#f-status')).toHaveValue('在岗');

  // 重置 clears the address and every field.
  await page.locator('.filter-actions button', { hasText: '重置' }).click();
  await expect(page).not.toHaveURL(/status=/);
  await expect(page.locator('#f-status')).toHaveValue('');
  await expect(page.locator('.pager-pos')).toContainText('1 /');
});
