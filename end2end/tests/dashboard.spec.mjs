import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

const city = '13900000002';
const institution = '13900000005';

test('a county admin lands on the 工作台, follows a 待办 count, drills from 学分统计 into a school\'s 学分预警 and exports it', async ({ page }) => {
  await login(page, accounts.county);
  await expect(page).toHaveURL(/\/workbench$/);
  await expect(page.getByTestId('welcome')).toContainText('县管');
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
  const figures = page.getByTestId('figure');
  await expect(figures.first()).toBeVisible();
  await expect(page.getByTestId('figures')).toContainText('在岗教师');
  await expect(page.getByTestId('figures')).toContainText('学分达标率');
  // A 待办 count leads to its queue.
  const todo = page.getByTestId('todo').first();
  await expect(todo).toBeVisible();
  const href = await todo.getAttribute('href');
  await todo.click();
  await expect(page).toHaveURL(new RegExp(`${href.replace(/[/?]/g, (c) => '\\' + c)}$`));

  // 学分统计: the county's schools; a school's row opens its 学分预警 list.
  await open(page, '/stats?area=credits');
  await expect(page.getByTestId('stats-trail')).toContainText('长安区');
  const row = page.getByTestId('stats-row').filter({ has: page.getByTestId('stats-list') }).first();
  const school = (await row.locator('td').first().innerText()).trim();
  await row.getByTestId('stats-list').click();
  await expect(page).toHaveURL(/\/credits\/shortfall\?school_id=\d+$/);
  await expect(page.getByTestId('shortfall-summary')).toBeVisible();
  const rows = page.getByTestId('shortfall-row');
  if (await rows.count() > 0) {
    // Every row is that school's.
    for (const text of await rows.allInnerTexts()) expect(text).toContain(school);
  }
  const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-shortfall').click()]);
  expect(sheet.suggestedFilename()).toBe('学分预警名单.xlsx');
  expect(sheet.url()).toContain('school_id=');
});

test('a province admin drills from the province to a city to a county in 培训统计 and back with the browser', async ({ page }) => {
  await login(page, accounts.province);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/stats?area=training');
  const table = page.getByTestId('stats-table');
  await expect(table).toContainText('石家庄市');
  await expect(page.getByTestId('stats-trail')).toHaveText('河北省');
  // Ten years of 参训人数: the line, and its figures in a table.
  const trend = page.getByTestId('stats-trend');
  await expect(trend.locator('svg circle')).toHaveCount(10);
  await expect(trend.locator('tbody td')).toHaveCount(10);
  // A click on a bar goes one level down; the address holds the unit.
  await page.getByTestId('stats-bar').filter({ hasText: '石家庄市' }).click();
  await expect(page).toHaveURL(/unit=130100/);
  await expect(page.getByTestId('stats-trail')).toContainText('河北省 › 石家庄市');
  await expect(table).toContainText('长安区');
  // A click on a row's name, too.
  await table.getByTestId('stats-drill').filter({ hasText: '长安区' }).click();
  await expect(page).toHaveURL(/unit=130102/);
  await expect(page.getByTestId('stats-trail')).toContainText('石家庄市 › 长安区');
  await expect(page.getByTestId('stats-row').first()).toBeVisible();
  // Refresh shows the same view; back goes up again, twice.
  await page.reload();
  await expect(page.getByTestId('stats-trail')).toContainText('长安区');
  await page.goBack();
  await expect(page).toHaveURL(/unit=130100/);
  await expect(page.getByTestId('stats-trail')).toContainText('石家庄市');
  await expect(table).toContainText('长安区');
  await page.goBack();
  await expect(page).not.toHaveURL(/unit=/);
  await expect(table).toContainText('石家庄市');
  // The breadcrumb goes up as well.
  await page.getByTestId('stats-bar').filter({ hasText: '石家庄市' }).click();
  await page.getByTestId('stats-trail').getByRole('link', { name: '河北省' }).click();
  await expect(page.getByTestId('stats-trail')).toHaveText('河北省');
  await page.screenshot({ path: 'screenshots/stats-training-desktop.png', fullPage: true });
  await open(page, '/workbench');
  await expect(page.getByTestId('figure').first()).toBeVisible();
  await page.screenshot({ path: 'screenshots/workbench-desktop.png', fullPage: true });
});

test('an institution sees its classes\' figures on its 工作台', async ({ page }) => {
  await login(page, institution);
  await expect(page).toHaveURL(/\/workbench$/);
  const classes = page.getByTestId('class-figures');
  await expect(classes).toBeVisible();
  await expect(classes).toContainText('录取 / 计划');
  await expect(classes.locator('tbody tr').first()).toBeVisible();
});

test('the 工作台 and 统计分析 fit a 360 px phone', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(page, city);
  await expect(page).toHaveURL(/\/workbench$/);
  await expect(page.getByTestId('figure').first()).toBeVisible();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'screenshots/workbench-360.png', fullPage: true });
  for (const area of ['teachers', 'training', 'credits', 'institutions']) {
    await open(page, `/stats?area=${area}`);
    await expect(page.getByTestId('stats-table')).toBeVisible();
    expect(await overflow(), area).toBeLessThanOrEqual(0);
    if (area === 'training') await page.getByTestId('stats-trend').screenshot({ path: 'screenshots/stats-trend-360.png' });
  }
  await page.screenshot({ path: 'screenshots/stats-360.png', fullPage: true });
});
