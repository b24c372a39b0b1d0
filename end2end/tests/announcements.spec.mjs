import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

test('a county publishes to two schools; a teacher reads it on a phone; the county sees the read rate and reminds', async ({ browser }) => {
  test.setTimeout(150_000);
  const title = `关于寒假安全教育的通知 ${Date.now() % 100000}`;
  const county = await browser.newPage();
  await login(county, accounts.county);
  await expect(county.getByTestId('welcome')).toBeVisible();
  await open(county, '/announcements/new');
  const form = county.getByTestId('announcement-form');
  // Checked as typed once a publish was tried; what was typed stays.
  await county.getByTestId('publish').click();
  await expect(form).toContainText('请填写标题');
  await county.fill('#f-title', title);
  await expect(form).not.toContainText('请填写标题');
  const editor = county.getByTestId('announcement-body');
  await editor.fill('请各校于本周五前完成寒假安全教育，并上报情况。');
  // The toolbar formats the selection: all of it, in bold.
  await editor.click();
  await county.keyboard.press('Control+A');
  await county.getByRole('button', { name: '加粗' }).click();
  await expect(editor.locator('b, strong')).toHaveCount(1);
  // An attachment goes up as it is picked; a program renamed is refused by its content.
  await expect(county.locator('body[data-hydrated="1"]')).toBeAttached();
  const fileInput = county.getByTestId('announcement-file-input');
  await fileInput.setInputFiles({ name: '报名表.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a pdf') });
  await expect(form).toContainText('附件须为 PDF');
  await fileInput.setInputFiles({ name: '寒假安全告知书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await expect(county.getByTestId('form-files')).toContainText('寒假安全告知书.pdf');
  await form.locator('label.check', { hasText: '长安实验小学' }).locator('input').check();
  await form.locator('label.check', { hasText: '长安第二小学' }).locator('input').check();
  await form.locator('label.check', { hasText: '教师' }).locator('input').check();
  await form.locator('label.check', { hasText: '学校管理员' }).locator('input').check();
  await form.locator('label', { hasText: '需确认已读' }).locator('input').check();
  await county.getByTestId('publish').click();
  await expect(county.getByTestId('announcement-view')).toContainText(title);
  await expect(county).toHaveURL(/\/announcements\/\d+$/);
  const reach = county.getByTestId('reach');
  await expect(reach.getByTestId('reach-row')).toHaveCount(2);
  const home = reach.getByTestId('reach-row').filter({ hasText: '长安实验小学' });
  await expect(home.locator('td').nth(2)).toHaveText('0');

  // 郑老师 sees it on the home page, on a phone, and opens it.
  const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(phone, accounts.teacherId);
  const card = phone.getByTestId('home-announcements');
  await expect(card).toContainText(title);
  await expect(phone.locator('body[data-hydrated="1"]')).toBeAttached();
  await expect(card.getByTestId('home-announcement').filter({ hasText: title })).toContainText('未读');
  await card.getByRole('link', { name: title }).click();
  await expect(phone.getByTestId('announcement-view')).toContainText('寒假安全教育');
  await expect(phone.locator('.announcement-body').locator('b, strong')).toContainText('寒假安全教育');
  await expect(phone.locator('body[data-hydrated="1"]')).toBeAttached();
  // The attachment downloads under its name.
  const [download] = await Promise.all([
    phone.waitForEvent('download'),
    phone.getByTestId('announcement-files').getByRole('link', { name: '寒假安全告知书.pdf' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('寒假安全告知书.pdf');
  await phone.getByTestId('acknowledge').click();
  await expect(phone.getByTestId('acknowledged')).toBeVisible();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: 'screenshots/announcement-phone.png', fullPage: true });

  // The county's read rate moves (the page reloaded, as a county admin would, and hydrated
  // without an error); it drills into the other school and reminds the rest.
  const errors = [];
  county.on('pageerror', (e) => errors.push(e.message));
  await county.reload();
  await expect(county.locator('body[data-hydrated="1"]')).toBeAttached();
  await expect(county.getByTestId('reach').getByTestId('reach-row').filter({ hasText: '长安实验小学' }).locator('td').nth(2)).toHaveText('1');
  expect(errors).toEqual([]);
  await county.getByTestId('reach').getByRole('link', { name: '长安第二小学' }).click();
  await expect(county).toHaveURL(/\?at=s\d+$/);
  await expect(county.getByTestId('unread-people')).toBeVisible();
  await county.getByTestId('reach').getByRole('link', { name: '全部' }).click();
  await expect(county.getByTestId('reach-row')).toHaveCount(2);
  await county.getByTestId('remind').click();
  await expect(county.locator('.notice-ok')).toContainText('已催办');
  await county.screenshot({ path: 'screenshots/announcement-reach.png', fullPage: true });
  // 本单位发布 lists it, with the way back to its read rate.
  await open(county, '/announcements');
  await county.getByTestId('tab-published').click();
  await county.getByTestId('published-row').filter({ hasText: title }).getByRole('link', { name: '阅读情况' }).click();
  await expect(county.getByTestId('reach-total')).toContainText('已读 1 人');
  expect(errors).toEqual([]);

  // The school's admin finds it on the 工作台, unread.
  const school = await browser.newPage();
  await login(school, accounts.schoolAdmin);
  const board = school.getByTestId('workbench-announcements');
  await expect(board.getByTestId('workbench-announcement').filter({ hasText: title })).toContainText('未读');

  // Another county never sees it.
  const other = await browser.newPage();
  await login(other, accounts.otherCounty);
  await expect(other.getByTestId('welcome')).toBeVisible();
  await open(other, '/announcements');
  await expect(other.getByTestId('announcements').or(other.locator('.state-empty')).first()).toBeVisible();
  await expect(other.locator('main')).not.toContainText(title);
});
