import { test, expect } from '@playwright/test';
import { open, login, accounts } from './helpers.mjs';

test('a county records an exemption with the rules checked as it types, then revokes it', async ({ page }) => {
  await login(page, accounts.county);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await open(page, '/exemptions');
  await page.getByTestId('add-exemption').click();
  const drawer = page.locator('.drawer');
  // Saving an empty form names every field; what was typed stays.
  await drawer.locator('#f-id_number').fill('130102199206186621');
  await page.getByTestId('save-exemption').click();
  await expect(drawer).toContainText('身份证号校验位不正确');
  await expect(drawer).toContainText('请选择证书级别');
  await expect(drawer.locator('#f-id_number')).toHaveValue('130102199206186621');
  await drawer.locator('#f-id_number').fill(accounts.teacherId);
  await expect(drawer).not.toContainText('身份证号校验位不正确');
  await drawer.locator('select[name=year]').selectOption({ index: 1 });
  await drawer.locator('#f-level').selectOption('省级');
  await drawer.locator('#f-certificate').fill('河北省骨干教师证书');
  await page.screenshot({ path: 'screenshots/exemption-form.png', fullPage: true });
  await page.getByTestId('save-exemption').click();
  await expect(page.locator('.notice-ok')).toContainText('已登记免修');
  const row = page.getByTestId('exemptions-table').locator('tr', { hasText: '郑老师' });
  await expect(row).toContainText('河北省骨干教师证书');
  await expect(row).toContainText('省级');
  await page.screenshot({ path: 'screenshots/exemptions.png', fullPage: true });

  await row.getByTestId('revoke').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.locator('.notice-ok')).toContainText('已撤销免修');
  await expect(page.getByTestId('exemptions-table')).toHaveCount(0);
});
