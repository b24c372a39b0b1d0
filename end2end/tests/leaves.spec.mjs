import { test, expect } from '@playwright/test';
import { open, login, accounts, institutionClass } from './helpers.mjs';

const institution = '13900000005';
// 王老师 is enrolled in the IT-2.0 project's second class, weeks ahead.
const project = '信息技术应用能力提升工程2.0培训';

test('a school asks leave for its teacher on a phone; the institution approves it on the class page', async ({ browser }) => {
  const school = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(school, accounts.schoolAdmin);
  await expect(school.getByTestId('welcome')).toBeVisible();
  await open(school, '/leaves');
  const row = school.getByTestId('leave-targets').locator('tr', { hasText: '王老师' }).filter({ hasText: project });
  await row.getByTestId('ask-leave').click();
  const drawer = school.locator('.drawer');
  // Checked as typed once a save was tried; what was typed stays.
  await school.getByTestId('save-leave').click();
  await expect(drawer).toContainText('请填写请假原因');
  await drawer.locator('#f-reason').fill('学校期中考试监考');
  await expect(drawer).not.toContainText('请填写请假原因');
  await school.getByTestId('save-leave').click();
  await expect(school.locator('.notice-ok')).toContainText('等待承办机构审批');
  await expect(school.getByTestId('leave-requests')).toContainText('待审批');

  const inst = await browser.newPage();
  await institutionClass(inst, `${project} · 第二期`, institution);
  const leaves = inst.getByTestId('class-leaves');
  await expect(leaves).toContainText('学校期中考试监考');
  await leaves.getByTestId('approve-leave').click();
  await expect(inst.locator('.notice-ok')).toContainText('已批准请假');
  await expect(leaves).toContainText('已批准');

  await open(school, '/leaves');
  await expect(school.getByTestId('leave-requests')).toContainText('已批准');
});
