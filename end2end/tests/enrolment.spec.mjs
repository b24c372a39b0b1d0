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
  // The home's 待办: the admitted class to report to, and its micro-ability points to pick.
  await open(phone, '/');
  const todo = (kind) => phone.getByTestId('home-todo').filter({ hasText: kind }).filter({ hasText: '信息技术应用能力提升工程2.0培训 · 第一期' });
  await expect(todo('待报到')).toContainText('开班');
  await expect(todo('待选微能力点')).toContainText('微能力点');
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
  // By keyboard alone: the dialog takes the focus, keeps Tab inside and gives it back.
  await card.getByTestId('enrol').focus();
  await t.keyboard.press('Enter');
  const dialog = t.locator('[role=alertdialog]');
  await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
  await t.keyboard.press('Tab');
  await expect(t.getByTestId('confirm-ok')).toBeFocused();
  await t.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
  await t.keyboard.press('Shift+Tab');
  await expect(t.getByTestId('confirm-ok')).toBeFocused();
  await t.keyboard.press('Enter');
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

test('the institution draws lots once for an oversubscribed class and the result is published', async ({ browser }) => {
  const inst = await browser.newPage();
  await login(inst, institution);
  await expect(inst.getByTestId('welcome')).toBeVisible();
  await open(inst, '/projects');
  await inst.getByTestId('projects-table').locator('tr', { hasText: '小学语文阅读教学专题培训' }).getByRole('link', { name: '查看' }).click();
  await expect(inst.locator('body[data-hydrated="1"]')).toBeAttached();
  const row = inst.getByTestId('class-row').first();
  await expect(row).toContainText('8 / 5');
  await expect(row).toContainText('超额');
  await row.getByTestId('draw').click();
  await inst.getByTestId('confirm-ok').click();
  await expect(inst.locator('.notice-ok')).toContainText('抽签完成：5 人中签');
  await expect(inst.getByTestId('draw-result')).toContainText('8 人报名，5 人中签');
  await expect(inst.getByTestId('draw-result')).toContainText('随机种子');
  await expect(inst.getByTestId('class-row').first()).toContainText('5 / 5');
  await expect(inst.getByTestId('draw')).toHaveCount(0);
  await inst.screenshot({ path: 'screenshots/class-draw.png', fullPage: true });
});

test('in round 2 a teacher takes the last seat and the class shows full', async ({ browser }) => {
  // The province closes round 1 and opens round 2 today.
  const day = (offset) => {
    const d = new Date(Date.now() + 8 * 3600_000 + offset * 86400_000);
    return d.toISOString().slice(0, 10);
  };
  const province = await browser.newPage();
  await login(province, accounts.province);
  await expect(province.getByTestId('welcome')).toBeVisible();
  await open(province, '/settings/years');
  await province.getByTestId('years-table').locator('tr', { hasText: '当前年度' }).getByRole('button', { name: '编辑' }).click();
  await province.fill('.drawer #f-round1_opens', day(-30));
  await province.fill('.drawer #f-round1_closes', day(-2));
  await province.fill('.drawer #f-round2_opens', day(-1));
  await province.fill('.drawer #f-round2_closes', day(5));
  await province.getByTestId('save-year').click();
  await expect(province.getByTestId('years-table')).toContainText('二轮补报进行中');

  const t = await browser.newPage();
  await login(t, accounts.teacher);
  await expect(t.getByTestId('welcome')).toBeVisible();
  await open(t, '/enrol');
  await expect(t.getByTestId('enrol-window')).toContainText('二轮补报进行中');
  const card = t.getByTestId('offer').filter({ hasText: '班主任工作能力提升培训' });
  await expect(card.getByTestId('seats')).toContainText('已报 9 / 计划 10');
  await card.getByTestId('enrol').click();
  await t.getByTestId('confirm-ok').click();
  await expect(card).toContainText('待学校审核');
  await expect(card.getByTestId('seats')).toContainText('已报 10 / 计划 10');

  // 继续教育 shows it under 未开始 with its timeline.
  await open(t, '/my/training');
  const mine = t.getByTestId('training-card').filter({ hasText: '班主任工作能力提升培训' });
  await expect(mine).toContainText('待学校审核');
  await expect(mine.getByTestId('timeline')).toContainText('提交报名');
  await t.screenshot({ path: 'screenshots/my-training.png', fullPage: true });
});
