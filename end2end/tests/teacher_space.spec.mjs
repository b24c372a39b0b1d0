// The teacher's space on a phone: the home's cards from real data, the bottom tab bar, 我的证书
// (listed and downloaded), installability, and sign-in by keyboard alone.
import { test, expect } from '@playwright/test';
import { open, login, accounts, institutionClass, schoolCertifies, PASSWORD } from './helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 } };

test('the teacher home shows its cards and the tab bar leads through the space', async ({ browser }) => {
  const t = await browser.newPage(PHONE);
  await login(t, accounts.teacherId);
  await expect(t.getByTestId('welcome')).toBeVisible();
  await expect(t.locator('body[data-hydrated="1"]')).toBeAttached();
  // 待办 (the demo admitted 郑老师 to the IT-2.0 class: micro-ability points to pick), the ring,
  // the cycle, the announcements and the quick links.
  const todos = t.getByTestId('home-todos');
  await expect(todos).toBeVisible();
  const ring = t.getByTestId('year-credits');
  await expect(ring).toContainText(/已修 [\d.]+ \/ 应修 [\d.]+ 学分/);
  await expect(t.getByTestId('home-cycle')).toContainText(/已修 [\d.]+ \/ [\d.]+ 学分/);
  await expect(t.getByTestId('home-announcements')).toBeVisible();
  await expect(t.getByTestId('quick-certificates')).toContainText('打印证书');
  await expect(t.getByTestId('quick-learning')).toContainText('进入远程学习');
  // The ring's figures are the credit table's: the same numbers on 我的学分.
  const words = await ring.textContent();
  await t.screenshot({ path: 'screenshots/teacher-home-phone.png', fullPage: true });

  const bar = t.locator('nav.tabbar');
  await expect(bar).toBeVisible();
  await expect(bar.locator('a')).toHaveText(['首页', '培训', '学分', '我的']);
  await expect(bar.locator('a[aria-current="page"]')).toHaveText('首页');
  await bar.getByText('学分').click();
  await expect(t).toHaveURL(/\/my\/credits$/);
  await expect(t.getByTestId('credit-table')).toBeVisible();
  const done = words.match(/已修 ([\d.]+)/)[1];
  await expect(t.getByTestId('credit-table')).toContainText(done);
  await expect(bar.locator('a[aria-current="page"]')).toHaveText('学分');
  await bar.getByText('培训').click();
  await expect(t).toHaveURL(/\/my\/training$/);
  await bar.getByText('我的').click();
  await expect(t).toHaveURL(/\/me$/);
  await t.locator('.link-list').getByRole('link', { name: /我的证书/ }).click();
  await expect(t).toHaveURL(/\/my\/certificates$/);
  await expect(bar.locator('a[aria-current="page"]')).toHaveText('我的');

  // On a desktop the menu is the sidebar: no tab bar.
  await t.setViewportSize({ width: 1280, height: 800 });
  await expect(bar).toBeHidden();
});

test('我的证书 lists a certificate, downloads it and links to its verification', async ({ browser }) => {
  const t = await browser.newPage(PHONE);
  await login(t, accounts.teacherId);
  await expect(t.getByTestId('welcome')).toBeVisible();
  // A credit the school certifies, then the credit certificate asked for on 我的学分: kept
  // and listed.
  await open(t, '/my/credits');
  await t.getByTestId('add-credit').click();
  const drawer = t.locator('.drawer');
  await drawer.locator('#f-title').fill('校本研修：作业设计');
  await drawer.locator('#f-year').fill(String(new Date().getFullYear()));
  await drawer.locator('#f-credits').fill('1');
  await drawer.locator('#f-hours').fill('4');
  await t.getByTestId('save-credit').click();
  await expect(t.locator('.notice-ok')).toContainText('已提交，等待认定');
  await schoolCertifies(browser, '校本研修：作业设计');
  await open(t, '/my/credits');
  const [first] = await Promise.all([t.waitForEvent('download'), t.getByTestId('credit-certificate').click()]);
  expect(first.suggestedFilename()).toMatch(/\.pdf$/);
  await open(t, '/my/certificates');
  const card = t.getByTestId('certificate').first();
  await expect(card).toContainText('学分证明');
  await expect(card).toContainText('有效');
  const number = (await card.getByTestId('certificate-number').textContent()).trim();
  expect(number).toMatch(/^SX\d{4}/);
  const [pdf] = await Promise.all([t.waitForEvent('download'), card.getByTestId('certificate-download').click()]);
  const bytes = await (await import('node:fs/promises')).readFile(await pdf.path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  await expect(card.getByRole('link', { name: '验证链接' })).toHaveAttribute('href', `/verify/${number}`);
  await t.screenshot({ path: 'screenshots/my-certificates-phone.png', fullPage: true });
  // The public page confirms it.
  const anon = await browser.newPage();
  await open(anon, `/verify/${number}`);
  await expect(anon.getByTestId('verify-result')).toContainText('有效');
});

test('the space installs: a manifest with icons and a service worker that caches no page or bundle', async ({ page, request }) => {
  await open(page, '/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(href)).json();
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('/');
  const sizes = manifest.icons.map((i) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const r = await request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
  }
  const ready = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active.scriptURL;
  });
  expect(ready).toMatch(/\/sw\.js$/);
  // The worker keeps only the offline check-in page and its scripts: never the app's HTML,
  // wasm or styles, which always come from the network.
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const all = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) all.push(new URL(r.url).pathname);
    return all;
  });
  expect(cached.length).toBeGreaterThan(0);
  expect(cached.filter((p) => p.startsWith('/pkg/') || p === '/' || p === '/login')).toEqual([]);
});

test('a teacher signs in and checks in with the keyboard alone, focus always visible', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '/login');
  await page.locator('#f-account').focus();
  await page.keyboard.type(accounts.teacherId);
  await page.keyboard.press('Tab');
  await expect(page.locator('#f-password')).toBeFocused();
  await page.keyboard.type(PASSWORD);
  // Tab on to the captcha, whatever lies between.
  for (let i = 0; i < 5 && !(await page.locator('#f-captcha').evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(page.locator('#f-captcha')).toBeFocused();
  const outline = await page.locator('#f-captcha').evaluate((e) => getComputedStyle(e).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.type('0000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('welcome')).toBeVisible();
  // A wrong code typed and sent with Enter: the error is announced and tied to the field.
  await open(page, '/checkin');
  await page.getByTestId('checkin-code').focus();
  await page.keyboard.type('123');
  await page.keyboard.press('Enter');
  const error = page.getByTestId('checkin-error');
  await expect(error).toContainText('6 位签到码');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('checkin-code')).toHaveAttribute('aria-describedby', 'f-code-error');
});

test('the school replaces an admitted teacher before the class starts', async ({ browser }) => {
  // 王老师 holds a seat in the IT-2.0 project's second class, weeks ahead; 冯新师 of the same
  // school takes it.
  const school = await browser.newPage();
  await login(school, accounts.schoolAdmin);
  await expect(school.getByTestId('welcome')).toBeVisible();
  await open(school, '/enrolments?status=enrolled');
  const row = school.getByTestId('enrolments-table').locator('tr', { hasText: '王老师' }).filter({ hasText: '第二期' });
  // Escape closes the dialog and gives the focus back to the button that opened it.
  await row.getByTestId('replace').click();
  const dialog = school.getByTestId('replace-dialog');
  await expect(dialog.getByTestId('replace-keyword')).toBeFocused();
  await school.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(row.getByTestId('replace')).toBeFocused();
  await row.getByTestId('replace').click();
  await expect(dialog.getByTestId('replace-keyword')).toBeFocused();
  await dialog.getByTestId('replace-ok').click();
  await expect(dialog.getByTestId('replace-error')).toContainText('请选择接替的教师');
  await dialog.getByTestId('replace-keyword').fill('冯新师');
  await dialog.getByTestId('replace-search').click();
  await dialog.getByTestId('replace-pick').first().check();
  await dialog.getByTestId('replace-ok').click();
  await expect(school.locator('.notice-ok')).toContainText('已由冯新师替换王老师');
  await expect(dialog).toHaveCount(0);
  await expect(school.getByTestId('enrolments-table').locator('tr', { hasText: '冯新师' }).filter({ hasText: '第二期' })).toContainText('已录取');
  await school.screenshot({ path: 'screenshots/replace.png', fullPage: true });

  // 王老师 sees the seat is no longer theirs.
  const t = await browser.newPage(PHONE);
  await login(t, '13900000008');
  await expect(t.getByTestId('welcome')).toBeVisible();
  await open(t, '/my/training');
  await expect(t.getByTestId('training-card').filter({ hasText: '信息技术应用能力提升工程2.0' })).toContainText('已替换');
});

test('the institution sets the timetable; the teacher sees it on the class card; a check-in opens by lesson', async ({ browser }) => {
  const project = '小学语文骨干教师研修';
  // The demo class began nine days ago and lasted four: two lessons inside it.
  const day = (n) => new Date(Date.now() + (n * 24 + 8) * 3600_000).toISOString().slice(0, 10);
  const inst = await browser.newPage();
  await institutionClass(inst, project);
  await expect(inst.locator('.card-head h2').first()).toContainText(project);
  const card = inst.getByTestId('timetable');
  await card.getByTestId('edit-timetable').click();
  const first = card.getByTestId('lesson-row').first();
  await first.getByLabel('日期').fill(day(-8));
  await first.getByLabel('开始时间').fill('09:00');
  await first.getByLabel('结束时间').fill('11:30');
  await first.getByLabel('地点').fill('长安区教师发展中心');
  await first.getByLabel('主题').fill('整本书阅读教学');
  await first.getByLabel('主讲人').fill('李教授');
  await card.getByTestId('add-lesson').click();
  const second = card.getByTestId('lesson-row').nth(1);
  await expect(second.getByLabel('日期')).toHaveValue(day(-8));
  await second.getByLabel('开始时间').fill('14:00');
  await second.getByLabel('结束时间').fill('13:00');
  await card.getByTestId('save-timetable').click();
  const errors = card.getByTestId('timetable-errors');
  await expect(errors).toContainText('第 2 节：结束时间须晚于开始时间');
  await expect(errors).toContainText('第 2 节：请填写主题');
  // What was typed stays; corrected, it saves.
  await expect(first.getByLabel('主题')).toHaveValue('整本书阅读教学');
  await second.getByLabel('结束时间').fill('16:30');
  await second.getByLabel('主题').fill('习作教学案例研讨');
  await card.getByTestId('save-timetable').click();
  await expect(inst.locator('.notice-ok')).toContainText('课程安排已保存（2 节）');
  await expect(card.getByTestId('timetable-lessons')).toContainText('整本书阅读教学');
  await expect(card.getByTestId('timetable-lessons')).toContainText('14:00–16:30');
  await inst.screenshot({ path: 'screenshots/timetable.png', fullPage: true });
  // A check-in opens by lesson: one tap names it.
  await inst.getByTestId('checkin-lessons').getByRole('button', { name: /整本书阅读教学/ }).click();
  await expect(inst.locator('#f-checkin-title')).toHaveValue(/09:00 整本书阅读教学/);

  // 王老师 sees the timetable on the class card.
  const t = await browser.newPage(PHONE);
  await login(t, '13900000008');
  await expect(t.getByTestId('welcome')).toBeVisible();
  await open(t, '/my/training?tab=2');
  const tc = t.getByTestId('training-card').filter({ hasText: project });
  const timetable = tc.getByTestId('my-timetable');
  await expect(timetable).toContainText('课程安排（2 节）');
  await timetable.locator('summary').click();
  await expect(timetable).toContainText('整本书阅读教学');
  await expect(timetable).toContainText('李教授');
});

test('Escape closes only the topmost of a dialog opened over a drawer', async ({ browser }) => {
  const school = await browser.newPage();
  await login(school, accounts.schoolAdmin);
  await expect(school.getByTestId('welcome')).toBeVisible();
  await open(school, '/enrolments?status=enrolled');
  await school.getByTestId('view-applicant').first().click();
  const drawer = school.locator('.drawer');
  await expect(drawer.getByTestId('applicant')).toBeVisible();
  await drawer.getByRole('button', { name: '拒绝' }).click();
  const reason = school.locator('[role=alertdialog]');
  await expect(reason.locator('#f-reason')).toBeFocused();
  await school.keyboard.press('Escape');
  await expect(reason).toHaveCount(0);
  await expect(drawer).toBeVisible();
  await school.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
});
