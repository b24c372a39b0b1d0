import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

const city = '13900000002';
const institution = '13900000005';
const project = '乡村中小学教师省外研修项目';

async function as(browser, account, path, viewport) {
  const page = await browser.newPage(viewport ? { viewport } : {});
  await login(page, account);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, path);
  return page;
}

const rowOf = (page, text) => page.getByTestId('participants-table').locator('tbody tr', { hasText: text });

test('a county picks and submits, the city and the province pass it on, the institution confirms, the teacher sees the timeline', async ({ browser }) => {
  // Five accounts log in one after another: on two busy cores that once ran past the 60 s
  // every other test gets, with nothing wrong.
  test.setTimeout(150_000);
  // The county admin finds 郑老师 and adds him within the county's quota, then submits him.
  const county = await as(browser, accounts.county, '/directive');
  await expect(county.getByTestId('quota-table')).toContainText('长安区');
  await county.getByTestId('add-teachers').click();
  await county.fill('input[name=keyword]', '郑');
  await county.getByTestId('search-candidates').click();
  await county.getByTestId('candidates').locator('li', { hasText: '郑老师' }).locator('input').check();
  await county.getByTestId('add-picked').click();
  await expect(county.locator('.notice-ok')).toContainText('已添加 1 人');
  await rowOf(county, '郑老师').locator('input[type=checkbox]').check();
  await county.getByTestId('batch-on').click();
  await expect(county.locator('.notice-ok')).toContainText('已县级提交到市级：1 人');
  await county.screenshot({ path: 'screenshots/directive-county.png', fullPage: true });

  // The city returns one of the seeded picks with a reason and passes the rest on.
  const c = await as(browser, city, '/directive');
  await expect(rowOf(c, '郑老师')).toBeVisible();
  const rows = c.getByTestId('participants-table').locator('tbody tr');
  const waiting = await rows.count();
  const others = rows.filter({ hasNotText: '郑老师' });
  await others.first().locator('input[type=checkbox]').check();
  await c.getByTestId('batch-back').click();
  await c.locator('.dialog .chip', { hasText: '本年度已参加同类培训' }).click();
  await c.getByTestId('reason-ok').click();
  await expect(c.locator('.notice-ok')).toContainText('已市级退回县级：1 人');
  // The list reloads after the return (with a fresh selection): select once it has.
  await expect(rows).toHaveCount(waiting - 1);
  await c.getByTestId('participants-table').locator('thead input[type=checkbox]').check();
  await c.getByTestId('batch-on').click();
  await expect(c.locator('.notice-ok')).toContainText('已市级提交到省级：2 人');

  // The county sees the return and its reason.
  await open(county, '/directive');
  await expect(county.getByTestId('participants-table')).toContainText('退回原因：本年度已参加同类培训');

  // The province places 郑老师 in the second class and names its institution.
  const p = await as(browser, accounts.province, '/directive');
  await rowOf(p, '郑老师').locator('input[type=checkbox]').check();
  await p.getByTestId('batch-assign').click();
  await p.getByTestId('assign-class').selectOption({ index: 1 });
  await p.getByTestId('assign-institution').selectOption({ label: '河北师范大学' });
  await p.getByTestId('assign-ok').click();
  await expect(p.locator('.notice-ok')).toContainText('已分配：1 人');
  await expect(p.getByTestId('classes-table').locator('tr', { hasText: '第二期' })).toContainText('河北师范大学');

  // The institution confirms him and publishes the opening notice.
  const inst = await as(browser, institution, '/directive');
  await rowOf(inst, '郑老师').locator('input[type=checkbox]').check();
  await inst.getByTestId('batch-on').click();
  await expect(inst.locator('.notice-ok')).toContainText('已机构确认录取：1 人');
  await inst.getByTestId('publish-notice').click();
  await inst.getByTestId('notice-ok').click();
  await expect(inst.locator('.notice-ok')).toContainText('已通知 1 名教师');
  await expect(inst.getByTestId('classes-table')).toContainText('已发布');

  // The teacher, on a phone, reads every step in 继续教育.
  const t = await as(browser, accounts.teacherId, '/my/training', { width: 360, height: 740 });
  const card = t.getByTestId('training-card').filter({ hasText: project });
  await expect(card).toContainText('河北师范大学');
  const timeline = card.getByTestId('timeline');
  for (const step of ['县级遴选', '县级提交到市级', '市级提交到省级', '已分配至河北师范大学', '机构确认录取', '发布开班通知']) {
    await expect(timeline).toContainText(step);
  }
  await t.screenshot({ path: 'screenshots/directive-teacher-timeline.png', fullPage: true });
  // The bell holds the notice; opening it marks every message read.
  await t.getByTestId('bell').click();
  await expect(t.getByTestId('inbox')).toContainText('发布开班通知');
  await expect(t.getByTestId('bell-count')).toHaveCount(0);
});

test('a county imports its list from a spreadsheet and reads why rows were not taken', async ({ browser }) => {
  const county = await as(browser, accounts.county, '/directive');
  const csv = '姓名,身份证号,任教学段,任教学科\n无名氏,130102198005050011,小学,数学\n张三,123,大学,\n';
  await county.getByTestId('import-list').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const report = county.getByTestId('import-report');
  await expect(report).toContainText('共 2 行：导入 0 人，未导入 2 行');
  await expect(report).toContainText('第 2 行');
  await expect(report).toContainText('第 3 行');
  await expect(report).toContainText('任教学段：“大学”不是学段');
  await county.screenshot({ path: 'screenshots/directive-import.png', fullPage: true });
});
