import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

// 王老师: enrolled in the IT-2.0 project's second class, weeks ahead.
const itTeacher = '13900000008';
const itProject = '信息技术应用能力提升工程2.0培训';

test('an IT-2.0 teacher picks micro-ability points on a phone, checked as they tick', async ({ browser }) => {
  const t = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await login(t, itTeacher);
  await expect(t.getByTestId('welcome')).toBeVisible();
  await open(t, '/my/training');
  const card = t.getByTestId('training-card').filter({ hasText: itProject });
  await expect(card.getByTestId('micro-strip')).toContainText('待选微能力点');
  await card.getByTestId('pick-micro').click();
  const dialog = t.getByTestId('micro-dialog');
  await expect(dialog).toContainText('A 多媒体教学环境');
  const status = dialog.getByTestId('micro-status');
  await dialog.getByTestId('micro-A1').check();
  await expect(status).toContainText('至少再选 2 个能力点');
  await expect(dialog.getByTestId('save-micro')).toBeDisabled();
  await dialog.getByTestId('micro-A3').check();
  await dialog.getByTestId('micro-A2').check();
  await expect(status).toContainText('还需覆盖 1 个维度');
  await dialog.getByTestId('micro-A2').uncheck();
  await dialog.getByTestId('micro-B6').check();
  await expect(status).toContainText('覆盖 3 个维度（学情分析、教学设计、学法指导），符合要求');
  const overflow = await t.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await t.screenshot({ path: 'screenshots/micro-picker-phone.png', fullPage: true });
  await dialog.getByTestId('save-micro').click();
  await expect(t.locator('.notice-ok')).toContainText('微能力点已保存');
  await expect(card.getByTestId('micro-strip')).toContainText('A1 技术支持的学情分析');
  await expect(card.getByTestId('micro-strip')).toContainText('B6 技术支持的展示交流');
  await expect(card.getByTestId('micro-strip')).not.toContainText('待选');
});

test('the province edits the evaluation questions and the micro-ability list, a bad line named', async ({ page }) => {
  await login(page, accounts.province);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/settings/forms');
  const editor = page.getByTestId('editor-points');
  const text = editor.getByTestId('text-points');
  await expect(text).toHaveValue(/^A1 学情分析 技术支持的学情分析/);
  await expect(editor).toContainText('共 30 个能力点');
  const original = await text.inputValue();
  await text.fill(`${original}\nD1 学情分析 新增能力点`);
  await expect(editor).toContainText('第 31 行：编号“D1”应为 A、B 或 C 加数字');
  await expect(editor.getByTestId('save-points')).toBeDisabled();
  await text.fill(`${original}\nC8 学业评价 人工智能辅助评价`);
  await expect(editor).toContainText('共 31 个能力点');
  await editor.getByTestId('save-points').click();
  await expect(page.locator('.notice-ok')).toContainText('微能力点清单已保存');
  await open(page, '/settings/forms');
  await expect(page.getByTestId('text-points')).toHaveValue(/C8 学业评价 人工智能辅助评价$/);
  await expect(page.getByTestId('editor-items')).toContainText('共 5 个评价项');
  await page.screenshot({ path: 'screenshots/province-forms.png', fullPage: true });
});
