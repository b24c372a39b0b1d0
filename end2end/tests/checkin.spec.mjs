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

test('a teacher checks in while offline: kept on the phone (待上传), it arrives when the network is back', async ({ browser }) => {
  const inst = await browser.newPage();
  await institutionClass(inst, project, institution);
  await expect(inst.locator('.card-head h2').first()).toContainText(project);
  await inst.locator('#f-checkin-title').fill('第1天下午');
  await inst.getByTestId('start-checkin').click();
  await expect(inst).toHaveURL(/\/checkin\/screen\/\d+/);
  await expect(inst.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
  const url = await inst.getByTestId('checkin-qr').getAttribute('data-url');
  await expect(inst.getByTestId('checkin-count')).toContainText('已签到 0 / 1 人');

  const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(phone, teacher);
  await expect(phone.getByTestId('welcome')).toBeVisible();
  // The worker is installed on the first visit (it keeps the offline check-in page).
  await phone.evaluate(() => navigator.serviceWorker.ready);
  await open(phone, '/checkin');
  // The network drops as the teacher scans: the QR link opens the offline page from the
  // worker, which keeps the scan with its time.
  await phone.context().setOffline(true);
  await phone.goto(url);
  await expect(phone.getByTestId('pending-checkins')).toHaveText('待上传 1 条');
  await expect(phone.locator('#status')).toContainText('签到已保存在本机');
  await phone.screenshot({ path: 'screenshots/checkin-offline-phone.png' });
  await expect(inst.getByTestId('checkin-count')).toContainText('已签到 0 / 1 人');
  // Back online: the queue goes out by itself, the teacher is checked in, the screen counts.
  await phone.context().setOffline(false);
  await expect(phone.getByTestId('checked-in')).toContainText('签到成功', { timeout: 20_000 });
  await expect(phone.getByTestId('pending-checkins')).toHaveCount(0);
  await expect(inst.getByTestId('checkin-count')).toContainText('已签到 1 / 1 人', { timeout: 10_000 });
  await inst.getByTestId('end-checkin').click();

  // On the check-in page itself: a code sent without network waits as 待上传 and goes later.
  await open(inst, '/classes');
  const value = await inst.getByTestId('class-picker').locator('option', { hasText: project }).getAttribute('value');
  await inst.getByTestId('class-picker').selectOption(value);
  await expect(inst.locator('.card-head h2').first()).toContainText(project);
  await inst.locator('#f-checkin-title').fill('第2天上午');
  await inst.getByTestId('start-checkin').click();
  await expect(inst).toHaveURL(/\/checkin\/screen\/\d+/);
  const next = await inst.getByTestId('checkin-qr').getAttribute('data-url');
  const code = next.match(/c=(\d{6})/)[1];
  await open(phone, '/checkin');
  await phone.context().setOffline(true);
  await phone.getByTestId('checkin-code').fill(code);
  await phone.getByRole('button', { name: '签到' }).click();
  await expect(phone.getByTestId('checkin-kept')).toBeVisible();
  await expect(phone.getByTestId('pending-checkins')).toHaveText('待上传 1 条');
  await phone.context().setOffline(false);
  await expect(phone.getByTestId('checked-in')).toContainText('签到成功', { timeout: 20_000 });
  await expect(inst.getByTestId('checkin-count')).toContainText('已签到 1 / 1 人', { timeout: 10_000 });
});
