import { test, expect } from '@playwright/test';
import { open, login, accounts, PASSWORD } from './helpers.mjs';

test('a province admin creates a school and finds it in the list', async ({ page }) => {
  await login(page, accounts.province);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/org/schools');
  await page.getByTestId('new-school').click();
  await page.click('[data-testid=save-school]');
  await expect(page.locator('.drawer')).toContainText('请填写学校全称');
  await page.fill('.drawer #f-name', '长安区端到端测试小学');
  await page.selectOption('.drawer #f-county_code', '130102');
  await page.selectOption('.drawer #f-area_type', '城区');
  await page.selectOption('.drawer #f-category', '小学');
  await page.click('[data-testid=save-school]');
  await expect(page.locator('.notice-ok')).toContainText('已保存');
  await page.fill('#f-keyword', '端到端测试');
  await page.click('.filter-actions button[type=submit]');
  await expect(page.getByTestId('schools-table')).toContainText('长安区端到端测试小学');
  await page.screenshot({ path: 'screenshots/schools.png', fullPage: true });
});

test('a county admin sees only its own county and is refused another', async ({ page }) => {
  await login(page, accounts.county);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/org/schools');
  await expect(page.getByTestId('schools-table')).toBeVisible();
  const regions = await page.locator('[data-label=所在区县]').allTextContents();
  expect(regions.length).toBeGreaterThan(0);
  for (const r of regions) expect(r).toContain('长安区');
  const options = await page.locator('#f-county option').allTextContents();
  expect(options).not.toContain('桥西区');
  // The server refuses a crafted request for another county, whatever the UI shows.
  const status = await page.evaluate(async () => {
    const body = new URLSearchParams({
      'filter[keyword]': '', 'filter[region_code]': '130104', 'filter[category]': '',
      'filter[status]': '', 'filter[page]': '1', 'filter[page_size]': '20',
    });
    const res = await fetch('/api/list_schools', { method: 'POST', body });
    return [res.status, await res.text()];
  });
  expect(status[0]).toBe(403);
  expect(status[1]).not.toContain('长安区');
});

test('a teacher edits their phone with a code from the dev mailbox', async ({ page, context }) => {
  await login(page, accounts.teacher);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/profile');
  await page.getByTestId('edit-phone').click();
  await page.fill('#f-phone', '1371234');
  await expect(page.locator('.dialog')).toContainText('手机号应为 1 开头的 11 位数字');
  await page.fill('#f-phone', '13712349876');
  // The password is asked again before the recovery phone can move.
  await page.fill('#f-password', 'wrong-pass-1');
  await page.getByTestId('send-code').click();
  await expect(page.locator('.dialog')).toContainText('密码不正确');
  await page.fill('#f-password', PASSWORD);
  await page.getByTestId('send-code').click();
  await expect(page.locator('.dialog')).toContainText('验证码已发送');
  const mail = await context.newPage();
  await mail.goto('/dev/mailbox');
  const body = await mail.locator('.mailbox li .body').first().textContent();
  const code = body.match(/\d{6}/)[0];
  await mail.close();
  await page.fill('#f-code', code);
  await page.getByTestId('confirm-phone').click();
  await expect(page.locator('.notice-ok')).toContainText('手机号已更新');
  await expect(page.getByTestId('phone')).toHaveText('137****9876');

  // The email follows the same path.
  await page.getByTestId('edit-email').click();
  await page.fill('#f-email', 'zheng@@x');
  await expect(page.locator('.dialog')).toContainText('邮箱格式不正确');
  await page.fill('#f-email', 'Zheng.Laoshi@Example.cn');
  await page.fill('#f-password', PASSWORD);
  await page.getByTestId('send-code').click();
  await expect(page.locator('.dialog')).toContainText('验证码已发送');
  const mail2 = await context.newPage();
  await mail2.goto('/dev/mailbox');
  const code2 = (await mail2.locator('.mailbox li .body').first().textContent()).match(/\d{6}/)[0];
  await mail2.close();
  await page.fill('#f-code', code2);
  await page.getByTestId('confirm-phone').click();
  await expect(page.locator('.notice-ok')).toContainText('邮箱已更新');
  await expect(page.getByTestId('email')).toHaveText('zheng.laoshi@example.cn');
});

test('a county admin disables and re-enables a teacher account after confirming', async ({ page }) => {
  await login(page, accounts.county);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/org/users');
  await page.fill('#f-keyword', '郑老师');
  await page.click('.filter-actions button[type=submit]');
  const row = page.getByTestId('users-table').locator('tr', { hasText: '郑老师' });
  await expect(row).toContainText('**********');
  await row.getByRole('button', { name: '停用' }).click();
  await expect(page.locator('.dialog')).toContainText('将立即退出且无法登录');
  await page.getByTestId('confirm-ok').click();
  await expect(page.locator('.notice-ok')).toContainText('已停用：郑老师');
  await expect(row).toContainText('已停用');
  await row.getByRole('button', { name: '启用' }).click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.locator('.notice-ok')).toContainText('已启用：郑老师');
  await page.screenshot({ path: 'screenshots/users.png', fullPage: true });
});

test('a province admin adds an institution for two cities and browses the region tree', async ({ page }) => {
  await login(page, accounts.province);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/org/institutions');
  await page.getByTestId('new-institution').click();
  await page.fill('.drawer #f-name', '邢台学院');
  await page.selectOption('.drawer #f-kind', '高等院校');
  await page.fill('.drawer #f-contact_name', '刘老师');
  await page.fill('.drawer #f-contact_phone', '0319-1234567');
  await page.click('[data-testid=save-institution]');
  await expect(page.locator('.drawer')).toContainText('请至少选择一个授权区域');
  await page.locator('.drawer label.check', { hasText: '邢台市' }).locator('input').check();
  await page.locator('.drawer label.check', { hasText: '邯郸市' }).locator('input').check();
  await page.click('[data-testid=save-institution]');
  await expect(page.locator('.notice-ok')).toContainText('已保存：邢台学院');
  const row = page.getByTestId('institutions-table').locator('tr', { hasText: '邢台学院' });
  await expect(row).toContainText('邢台市');
  await expect(row).toContainText('邯郸市');

  await open(page, '/org/regions');
  await page.getByTestId('regions-table').getByRole('button', { name: '石家庄市' }).click();
  await expect(page.locator('h2')).toContainText('石家庄市（130100）');
  await expect(page.getByTestId('regions-table')).toContainText('长安区');
});

test('a teacher uploads a certificate photo; a wrong file is refused with a reason', async ({ page }) => {
  await login(page, accounts.teacherId);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/profile');
  const card = page.getByTestId('photo-cert');
  await card.locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.4 not a photo') });
  await card.getByRole('button', { name: '上传' }).click();
  await expect(card.locator('.field-error')).toContainText('仅支持 JPG 或 PNG');
  // A real 295×413 PNG: a screenshot of a blue box.
  const shot = await page.context().newPage();
  await shot.setViewportSize({ width: 295, height: 413 });
  await shot.setContent('<body style="margin:0;background:#2f6fd6"></body>');
  const png = await shot.screenshot();
  await shot.close();
  await card.locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
  await card.getByRole('button', { name: '上传' }).click();
  await expect(page.locator('.notice-ok')).toContainText('证书照片已更新');
  const size = await card.locator('img').evaluate((img) => new Promise((ok) => {
    const probe = new Image(); probe.onload = () => ok([probe.naturalWidth, probe.naturalHeight]); probe.src = img.src;
  }));
  expect(size).toEqual([295, 413]);
});

test('a county admin makes a teacher the admin of a school through the roles drawer', async ({ page }) => {
  await login(page, accounts.county);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/org/users');
  await page.fill('#f-keyword', '冯新师');
  await page.click('.filter-actions button[type=submit]');
  const row = page.getByTestId('users-table').locator('tr', { hasText: '冯新师' });
  await row.getByRole('button', { name: '角色' }).click();
  await expect(page.getByTestId('role-list')).toContainText('教师');
  await page.selectOption('.drawer #f-grant_role', 'school_admin');
  await page.fill('.drawer #f-unit_keyword', '长安实验');
  await expect(page.locator('.drawer #f-grant_unit option', { hasText: '长安实验小学' })).toHaveCount(1);
  await page.selectOption('.drawer #f-grant_unit', { label: '长安实验小学' });
  await page.getByTestId('grant-role').click();
  await expect(page.getByTestId('role-list')).toContainText('学校管理员');
  await page.locator('.drawer .icon-btn').click();
  await expect(row).toContainText('学校管理员');
});

test('the security auditor reads and exports the audit log; the province admin cannot', async ({ page, browser }) => {
  await login(page, '13900000009');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.getByRole('link', { name: '审计日志' }).first().click();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached();
  await expect(page.getByTestId('retention')).toContainText('不少于 180 天');
  await page.locator('#f-action').selectOption('login');
  await page.click('.filter-actions button[type=submit]');
  const table = page.getByTestId('audit-table');
  await expect(table).toContainText('登录');
  await expect(table).toContainText('吴审计');
  const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-audit').click()]);
  expect(sheet.suggestedFilename()).toBe('审计日志.xlsx');
  await page.screenshot({ path: 'screenshots/audit-log.png', fullPage: true });

  const admin = await (await browser.newContext()).newPage();
  await login(admin, accounts.province);
  await expect(admin.getByTestId('welcome')).toBeVisible();
  await expect(admin.getByRole('link', { name: '审计日志' })).toHaveCount(0);
  await open(admin, '/audit');
  await expect(admin.locator('body')).toContainText('无权');
});

test('the province connects an institution platform with a secret shown once', async ({ page }) => {
  await login(page, accounts.province);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/org/institutions');
  const row = page.getByTestId('institutions-table').locator('tr', { hasText: '河北师范大学' });
  await row.getByTestId('platform-secret').click();
  const secret = page.getByTestId('secret-value');
  await expect(secret).toHaveText(/^Authorization: Bearer \d+\.[0-9a-f]{64}$/);
  await page.screenshot({ path: 'screenshots/platform-secret.png', fullPage: true });
  const first = await secret.textContent();
  await page.getByRole('button', { name: '我已妥善保存' }).click();
  // Renewing asks first: the old secret stops working at once.
  await row.getByTestId('platform-secret').click();
  await expect(page.locator('.dialog')).toContainText('旧密钥立即失效');
  await page.getByTestId('confirm-ok').click();
  await expect(secret).not.toHaveText(first);
});

test('the province chooses the initial-password rule, checked as it types', async ({ page }) => {
  await login(page, accounts.province);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.getByRole('link', { name: '账号安全' }).first().click();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached();
  await expect(page.locator('#f-rule')).toHaveValue('issued');
  await page.fill('#f-days', '400');
  await expect(page.locator('.field.has-error')).toContainText('1 至 365');
  await expect(page.getByTestId('save-account-settings')).toBeDisabled();
  await page.fill('#f-days', '14');
  await page.getByTestId('save-account-settings').click();
  await expect(page.locator('.notice-ok')).toContainText('已保存');
  await page.reload();
  await expect(page.locator('#f-days')).toHaveValue('14');
  await page.screenshot({ path: 'screenshots/account-settings.png', fullPage: true });
  await page.fill('#f-days', '30');
  await page.getByTestId('save-account-settings').click();
  await expect(page.locator('.notice-ok')).toContainText('已保存');
});

test('each role sees the menu its permissions give, and a page outside them answers 无权', async ({ browser }) => {
  const menuOf = async (account) => {
    const page = await (await browser.newContext()).newPage();
    await login(page, account);
    await expect(page.getByTestId('welcome')).toBeVisible();
    return [page, await page.locator('nav.sidebar a').allTextContents()];
  };
  const [teacher, teacherMenu] = await menuOf(accounts.teacherId);
  expect(teacherMenu).toEqual(['首页', '通知公告', '继续教育', '选学报名', '我的学分', '我的证书', '成长档案', '基本信息']);
  const [school, schoolMenu] = await menuOf(accounts.schoolAdmin);
  expect(schoolMenu).toEqual(['工作台', '通知公告', '发布通知', '报名审核', '请假管理', '学分认定', '考核结果', '学分预警', '统计分析', '教师管理']);
  const [, institutionMenu] = await menuOf('13900000005');
  expect(institutionMenu).toEqual(['工作台', '通知公告', '发布通知', '项目申报', '报名审核', '指令性项目', '班级管理', '统计分析']);
  const [, countyMenu] = await menuOf(accounts.county);
  expect(countyMenu).toContain('学分认定');
  expect(countyMenu).not.toContain('报名审核');
  expect(countyMenu).not.toContain('培训机构');
  // Typed into the address bar, another role's page refuses: the gate answers before any data.
  await open(teacher, '/teachers');
  await expect(teacher.getByTestId('refused')).toContainText('无权访问此页面');
  await open(school, '/org/users');
  await expect(school.getByTestId('refused')).toContainText('学校管理员');
  await expect(school.locator('.filter-actions')).toBeHidden();
  // A page of the role's own menu opens as ever.
  await school.locator('nav.sidebar a', { hasText: '教师管理' }).click();
  await expect(school.getByTestId('refused')).toHaveCount(0);
  await school.screenshot({ path: 'screenshots/refused-page.png', fullPage: true });
});
