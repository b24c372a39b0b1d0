import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

const institution = '13900000005';

test('a teacher enrols on a phone, the school approves, the institution approves, the teacher is told', async ({ browser }) => {
  // The teacher, on a phone, finds the demo's IT-2.0 project and enrols in its first class.
  const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(phone, accounts.teacher);
  await expect(phone.getByTestId('welcome')).toBeVisible();
  await open(phone, '/enrol');
  await expect(phone.getByTestId('enrol-window')).toContainText('一轮报名进行中');
  const card = phone.getByTestId('offer').filter({ hasText: '信息技术应用能力提升工程2.0' }).filter({ hasText: '第一期' });
  await expect(card).toBeVisible();
  await card.getByTestId('enrol').click();
  await phone.getByTestId('confirm-ok').click();
  await expect(phone.locator('.notice-ok')).toContainText('等待学校审核');
  await expect(card).toContainText('待学校审核');
  await expect(card.getByTestId('seats')).toContainText('已报 1 / 计划 80');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: 'screenshots/enrol-phone.png', fullPage: true });

  // The school admin reviews with the applicant's record at hand.
  const school = await browser.newPage();
  await login(school, accounts.schoolAdmin);
  await expect(school.getByTestId('welcome')).toBeVisible();
  await open(school, '/enrolments');
  const row = school.getByTestId('enrolments-table').locator('tr', { hasText: '郑老师' });
  await row.getByTestId('view-applicant').click();
  await expect(school.getByTestId('applicant')).toContainText('郑老师');
  await expect(school.getByTestId('timeline')).toContainText('提交报名');
  await school.screenshot({ path: 'screenshots/enrolment-review.png', fullPage: true });
  await school.getByTestId('drawer-approve').click();
  await expect(school.locator('.notice-ok')).toContainText('已学校审核通过：1 人');

  // The institution re-reviews.
  const inst = await browser.newPage();
  await login(inst, institution);
  await expect(inst.getByTestId('welcome')).toBeVisible();
  await open(inst, '/enrolments');
  const irow = inst.getByTestId('enrolments-table').locator('tr', { hasText: '郑老师' });
  await irow.getByTestId('approve').click();
  await expect(inst.locator('.notice-ok')).toContainText('已机构审核通过：1 人');

  // The teacher sees the result and the bell counts the two steps.
  await open(phone, '/enrol');
  await expect(card).toContainText('已录取');
  await expect(phone.getByTestId('bell-count')).toHaveText('2');
});

test('the city approves a project, a teacher enrols, the school refuses with a reason the teacher reads', async ({ browser }) => {
  const city = await browser.newPage();
  await login(city, '13900000002');
  await expect(city.getByTestId('welcome')).toBeVisible();
  await open(city, '/projects/review');
  await city.getByTestId('projects-table').locator('tr', { hasText: '小学数学骨干教师培训' }).getByTestId('approve').click();
  await expect(city.locator('.notice-ok')).toContainText('已审核通过：1 个项目');

  const t = await browser.newPage();
  await login(t, accounts.teacher);
  await expect(t.getByTestId('welcome')).toBeVisible();
  await open(t, '/enrol');
  const card = t.getByTestId('offer').filter({ hasText: '小学数学骨干教师培训' });
  await card.getByTestId('enrol').click();
  await t.getByTestId('confirm-ok').click();
  await expect(card).toContainText('待学校审核');

  const school = await browser.newPage();
  await login(school, accounts.schoolAdmin);
  await expect(school.getByTestId('welcome')).toBeVisible();
  await open(school, '/enrolments');
  const row = school.getByTestId('enrolments-table').locator('tr', { hasText: '小学数学骨干教师培训' });
  await row.getByTestId('refuse').click();
  await school.locator('.dialog .chip', { hasText: '本学期教学任务冲突' }).click();
  await school.getByTestId('reason-ok').click();
  await expect(school.locator('.notice-ok')).toContainText('已学校审核未通过：1 人');

  await open(t, '/enrol');
  await t.getByTestId('bell').click();
  await expect(t.getByTestId('inbox')).toContainText('原因：本学期教学任务冲突');
});
