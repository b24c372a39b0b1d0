import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

const year = String(new Date().getFullYear());

test('a teacher records an honour and an achievement with its file on a phone; the county imports 师德考核 and the teacher sees it', async ({ browser }) => {
  const t = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(t, accounts.teacherId);
  await expect(t.getByTestId('welcome')).toBeVisible();
  await open(t, '/my/growth');
  await expect(t.getByTestId('honours')).toContainText('尚未记录荣誉');

  // The honour form checks as the teacher types once a save was tried.
  await t.getByTestId('add-honour').click();
  const drawer = t.locator('.drawer');
  await drawer.locator('#f-title').fill('优秀班主任');
  await t.getByTestId('save-growth').click();
  await expect(drawer).toContainText('请填写授予单位');
  await drawer.locator('#f-year').fill(year);
  await drawer.locator('#f-level').selectOption('市级');
  await drawer.locator('#f-issuer').fill('石家庄市教育局');
  await expect(drawer).not.toContainText('请填写授予单位');
  await t.getByTestId('save-growth').click();
  await expect(t.locator('.notice-ok')).toContainText('已记入成长档案');
  await expect(t.getByTestId('honours').getByTestId('growth-row')).toContainText('优秀班主任');

  // An achievement with its file: a renamed program is refused, a real document is kept.
  await t.getByTestId('add-achievement').click();
  await drawer.locator('#f-title').fill('大单元教学设计的实践');
  await drawer.locator('#f-year').fill(year);
  await drawer.locator('#f-level').selectOption('省级');
  await drawer.locator('#f-category').selectOption('论文');
  await drawer.locator('#f-authors').fill('郑老师（第一作者）');
  await drawer.locator('#f-publisher_level').selectOption('省级');
  await drawer.locator('#f-publisher').fill('河北教育');
  await t.getByTestId('growth-file-input').setInputFiles({ name: '论文.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00 program') });
  await expect(drawer).toContainText('附件须为 Word、PowerPoint、Excel 文件或 JPG、PNG、GIF 图片');
  const docx = Buffer.from('PK\x03\x04....[Content_Types].xml....word/document.xml....');
  await t.getByTestId('growth-file-input').setInputFiles({ name: '论文.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx });
  await expect(drawer).toContainText('已上传：论文.docx');
  await t.getByTestId('save-growth').click();
  await expect(t.locator('.notice-ok')).toContainText('已记入成长档案');
  const row = t.getByTestId('achievements').getByTestId('growth-row');
  await expect(row).toContainText('论文 · 郑老师（第一作者） · 河北教育');
  const [file] = await Promise.all([t.waitForEvent('download'), row.getByTestId('growth-file').click()]);
  expect(file.suggestedFilename()).toBe('大单元教学设计的实践.docx');
  const overflow = await t.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await t.screenshot({ path: 'screenshots/growth-phone.png', fullPage: true });

  // The county imports the year's 师德考核; a bad row is reported by line.
  const county = await browser.newPage();
  await login(county, accounts.county);
  await expect(county.getByTestId('welcome')).toBeVisible();
  await open(county, '/assessments');
  await expect(county.getByTestId('assessment-summary')).toContainText('师德考核');
  const csv = `年度,姓名,身份证号,考核结果,荣誉或备注\n${year},郑老师,${accounts.teacherId},合格,县级师德标兵\n${year},郑老师,${accounts.teacherId.slice(0, 17)}1,优秀,\n`;
  await county.getByTestId('import-assessments').setInputFiles({ name: '师德考核.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(county.getByTestId('import-report')).toContainText('共 2 行：导入 1 行，未导入 1 行');
  await expect(county.getByTestId('import-report')).toContainText('第 3 行');
  await expect(county.getByTestId('assessment-table')).toContainText('县级师德标兵');
  await county.screenshot({ path: 'screenshots/assessments.png', fullPage: true });

  await open(t, '/my/growth');
  await expect(t.getByTestId('assessments')).toContainText('师德考核');
  await expect(t.getByTestId('assessments')).toContainText('县级师德标兵');
});
