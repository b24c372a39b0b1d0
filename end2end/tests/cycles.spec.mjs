import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

test('the province changes a credit cycle, checked as it types', async ({ page }) => {
  await login(page, accounts.province);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/settings/cycles');
  const row = page.getByTestId('cycles').locator('tr', { hasText: '十四五' });
  await expect(row).toContainText('2021–2025');
  await row.getByTestId('edit-cycle').click();
  const drawer = page.locator('.drawer');
  await drawer.locator('#f-total').fill('60');
  await page.getByTestId('save-cycle').click();
  await expect(drawer).toContainText('超过周期总要求');
  await expect(drawer.locator('#f-total')).toHaveValue('60');
  await drawer.locator('#f-total').fill('120');
  await expect(drawer).not.toContainText('超过周期总要求');
  await drawer.locator('#f-yearly_total').fill('18');
  await page.getByTestId('save-cycle').click();
  await expect(page.locator('.notice-ok')).toContainText('培训周期已保存');
  await expect(row).toContainText('18');
});
