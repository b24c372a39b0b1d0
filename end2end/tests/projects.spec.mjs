import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

const institution = '13900000005';
const city = '13900000002';

/** Fills the declaration form of the demo institution for two counties of 石家庄市. */
async function declare(page, name) {
  await open(page, '/projects/new');
  // Saving an empty form names what is missing, in place.
  await page.getByTestId('save-draft').click();
  await expect(page.locator('.project-form')).toContainText('请填写项目名称');
  await expect(page.locator('.project-form')).toContainText('请至少选择一个培训对象区域');
  await page.fill('#f-name', name);
  await page.selectOption('#f-level', '市级');
  await page.selectOption('#f-kind', '骨干教师');
  await page.selectOption('#f-nature', '集中');
  await page.selectOption('#f-credit_category', '专业选修');
  await page.fill('#f-hours', '30');
  await expect(page.locator('.project-form')).toContainText('10 学分');
  await page.locator('label.check', { hasText: '石家庄市 / 长安区' }).locator('input').check();
  await page.locator('label.check', { hasText: '石家庄市 / 桥西区' }).locator('input').check();
  await page.locator('[data-field=target_stages] label.check', { hasText: '初中' }).locator('input').check();
  await page.locator('[data-field=target_subjects] label.check', { hasText: '物理' }).locator('input').check();
  const row = page.getByTestId('class-row').first();
  await row.locator('input[name=starts_on]').fill('2026-12-20');
  await row.locator('input[name=ends_on]').fill('2026-12-18');
  await expect(row).toContainText('结束日期早于开班日期');
  await row.locator('input[name=ends_on]').fill('2026-12-24');
  await row.locator('input[name=capacity]').fill('60');
  await expect(row).not.toContainText('结束日期早于开班日期');
  // A file that only claims to be a PDF is refused; the real one is kept.
  await page.getByTestId('plan-file').setInputFiles({ name: '方案.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a pdf') });
  await expect(page.locator('.project-form')).toContainText('实施方案须为 Word、Excel 或 PDF 文件');
  await page.getByTestId('plan-file').setInputFiles({ name: '实施方案.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 e2e plan') });
  await expect(page.getByTestId('plan-name')).toContainText('已上传：实施方案.pdf');
  await page.getByTestId('save-submit').click();
  await expect(page.getByTestId('project-name')).toContainText(name);
  await expect(page.getByTestId('project-name')).toContainText('待审核');
}

test('an institution declares, the city returns it, the institution fixes it and the city approves', async ({ browser }) => {
  const name = `初中物理骨干教师培训${Date.now() % 100000}`;
  const inst = await browser.newPage();
  await login(inst, institution);
  await expect(inst.getByTestId('welcome')).toBeVisible();
  await declare(inst, name);
  await expect(inst.getByTestId('plan-link')).toHaveText('实施方案.pdf');
  await inst.screenshot({ path: 'screenshots/project-detail.png', fullPage: true });

  // The city (lowest bureau over both counties) finds it in its queue and returns it.
  const reviewer = await browser.newPage();
  await login(reviewer, city);
  await expect(reviewer.getByTestId('welcome')).toBeVisible();
  await open(reviewer, '/projects/review');
  const rowOf = (p) => p.getByTestId('projects-table').locator('tr', { hasText: name });
  await expect(rowOf(reviewer)).toBeVisible();
  await reviewer.screenshot({ path: 'screenshots/project-review.png', fullPage: true });
  await rowOf(reviewer).getByTestId('return').click();
  await reviewer.getByTestId('reason-ok').click();
  await expect(reviewer.locator('.dialog')).toContainText('请填写原因');
  await reviewer.locator('.dialog .chip', { hasText: '学时与课程安排不符' }).click();
  await reviewer.getByTestId('reason-ok').click();
  await expect(reviewer.locator('.notice-ok')).toContainText('已退回修改：1 个项目');
  await expect(rowOf(reviewer)).toHaveCount(0);

  // The institution sees why, edits and resubmits.
  await inst.reload();
  await expect(inst.locator('body[data-hydrated="1"]')).toBeAttached();
  await expect(inst.getByTestId('project-name')).toContainText('已退回');
  await expect(inst.getByTestId('timeline')).toContainText('原因：学时与课程安排不符');
  await inst.getByTestId('edit-project').click();
  await expect(inst.locator('#f-hours')).toHaveValue('30');
  await inst.fill('#f-hours', '36');
  await inst.getByTestId('save-draft').click();
  await expect(inst.getByTestId('project-name')).toContainText('已退回');
  // Saving reloads the detail page: act only once it is interactive again.
  await expect(inst.locator('body[data-hydrated="1"]')).toBeAttached();
  await inst.getByTestId('act-submit').click();
  await expect(inst.locator('.notice-ok')).toContainText('项目状态：待审核');

  // Approved from the detail page.
  await open(reviewer, '/projects/review');
  await rowOf(reviewer).getByRole('link', { name: '查看' }).click();
  await expect(reviewer.getByTestId('project-name')).toContainText(name);
  await expect(reviewer.locator('body[data-hydrated="1"]')).toBeAttached();
  await reviewer.getByTestId('act-approve').click();
  await expect(reviewer.getByTestId('project-name')).toContainText('已通过');
  const steps = await reviewer.locator('[data-testid=timeline] strong').allTextContents();
  expect(steps).toEqual(['创建项目', '提交审核', '退回修改', '提交审核', '审核通过']);

  // The county it is aimed at now sees it in its project list.
  const county = await browser.newPage();
  await login(county, accounts.county);
  await expect(county.getByTestId('welcome')).toBeVisible();
  await open(county, '/projects');
  await expect(rowOf(county)).toContainText('已通过');
});

test('the province sets a training year; the declaration form fits a phone', async ({ browser }) => {
  const page = await browser.newPage();
  await login(page, accounts.province);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/settings/years');
  await page.getByTestId('new-year').click();
  await page.fill('.drawer #f-year', '2029');
  await page.fill('.drawer #f-round1_opens', '2029-03-15');
  await page.fill('.drawer #f-round1_closes', '2029-03-01');
  await page.getByTestId('save-year').click();
  await expect(page.locator('.drawer')).toContainText('截止日期早于开始日期');
  await page.fill('.drawer #f-round1_closes', '2029-03-31');
  await page.getByTestId('save-year').click();
  await expect(page.locator('.notice-ok')).toContainText('已保存 2029 年度');
  await expect(page.getByTestId('years-table')).toContainText('2029-03-15 至 2029-03-31');

  const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(phone, institution);
  await expect(phone.getByTestId('welcome')).toBeVisible();
  await open(phone, '/projects/new');
  await expect(phone.locator('#f-year option', { hasText: '2029 年度' })).toHaveCount(1);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: 'screenshots/project-form-phone.png', fullPage: true });
});
