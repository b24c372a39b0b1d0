import { test, expect } from '@playwright/test';
import { open, login, institutionClass, PASSWORD } from './helpers.mjs';

const institution = '13900000005';
// 王老师, enrolled in the demo's 小学语文骨干教师研修.
const teacher = '13900000008';
const project = '小学语文骨干教师研修';

test('the institution shows a rotating QR code; a teacher scans it on a phone, logs in, is back and checked in; the screen counts them', async ({ browser }) => {
  const inst = await browser.newPage();
  await institutionClass(inst, project, institution);
  // 王老师 is in the first class shown too: wait for the chosen class itself.
  await expect(inst.locator('.card-head h2').first()).toContainText(project);
  await expect(inst.getByTestId('score-grid')).toContainText('王老师');
  await inst.getByTestId('start-checkin').click();
  await expect(inst.getByTestId('checkin-title-error')).toContainText('签到名称');
  await inst.locator('#f-checkin-title').fill('第1天上午');
  await inst.getByTestId('start-checkin').click();
  await expect(inst).toHaveURL(/\/checkin\/screen\/\d+/);
  await expect(inst.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
  const qr = inst.getByTestId('checkin-qr');
  await expect(qr.locator('svg')).toBeVisible();
  await expect(inst.getByTestId('checkin-count')).toContainText('已签到 0 / 1 人');
  await inst.screenshot({ path: 'screenshots/checkin-screen.png' });
  const url = await qr.getAttribute('data-url');
  expect(url).toMatch(/\/checkin\?s=\d+&c=\d{6}$/);

  // The phone is not logged in: the login sends it back to the check-in, which completes.
  const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await phone.goto(url);
  await expect(phone).toHaveURL(/\/login\?next=/);
  await expect(phone.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
  await phone.fill('#f-account', teacher);
  await phone.fill('#f-password', PASSWORD);
  await phone.fill('#f-captcha', '0000');
  await phone.click('button[type=submit]');
  await expect(phone).toHaveURL(/\/checkin\?s=\d+&c=\d{6}/);
  await expect(phone.getByTestId('checked-in')).toContainText('签到成功', { timeout: 15_000 });
  await expect(phone.getByTestId('checked-in')).toContainText(project);
  await phone.screenshot({ path: 'screenshots/checkin-phone.png' });

  // A wrong code typed by hand is refused with the reason.
  await open(phone, '/checkin');
  await phone.getByTestId('checkin-code').fill('12345');
  await phone.getByRole('button', { name: '签到' }).click();
  await expect(phone.getByTestId('checkin-error')).toContainText('6 位签到码');

  // The screen counts the teacher within its next poll.
  await expect(inst.getByTestId('checkin-count')).toContainText('已签到 1 / 1 人', { timeout: 10_000 });
  await expect(inst.getByTestId('checkin-roster')).toContainText('王老师');
  await inst.getByTestId('end-checkin').click();
  await expect(inst.locator('.big-code')).toContainText('签到已结束');
});
