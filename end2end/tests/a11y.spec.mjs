// Accessibility (WCAG 2.1 AA) measured with axe-core on the running demo: every teacher screen at
// 360 px and on a desktop, the public pages and the main admin screens — zero violations. Every
// teacher screen at 360 px also fits the screen (no sideways scrolling).
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { open, login, accounts } from './helpers.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

const TEACHER_PAGES = ['/', '/my/training', '/enrol', '/my/credits', '/my/certificates', '/my/growth',
  '/profile', '/me', '/announcements', '/messages', '/checkin', '/change-password'];
const PUBLIC_PAGES = ['/login', '/verify', '/verify/SX2026AAAAAAAAAA', '/forgot-password'];
const ADMIN_PAGES = {
  [accounts.schoolAdmin]: ['/workbench', '/teachers', '/teachers/import', '/enrolments', '/leaves', '/credits/review', '/announcements/new'],
  [accounts.county]: ['/workbench', '/stats', '/projects', '/projects/review', '/org/schools', '/directive', '/credits/shortfall'],
  '13900000005': ['/classes', '/projects', '/enrolments'],
};

/** The violations on the page as one readable line each (rule, impact, where). */
async function audit(page, where) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const lines = result.violations.map((v) =>
    `${where} ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  console.log(`axe ${where}: ${result.violations.length} violations, ${result.passes.length} rules passed`);
  return lines;
}

async function sweep(page, paths, viewport) {
  await page.setViewportSize(viewport);
  const found = [];
  for (const path of paths) {
    await open(page, path);
    await page.waitForLoadState('networkidle');
    found.push(...await audit(page, `${path} @${viewport.width}`));
  }
  return found;
}

test('the teacher screens pass the WCAG 2.1 AA audit on a phone and on a desktop', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, accounts.teacherId);
  await expect(page.getByTestId('welcome')).toBeVisible();
  const found = [...await sweep(page, TEACHER_PAGES, PHONE), ...await sweep(page, TEACHER_PAGES, DESKTOP)];
  expect(found, found.join('\n')).toEqual([]);
});

test('the public pages pass the audit', async ({ page }) => {
  const found = [...await sweep(page, PUBLIC_PAGES, PHONE), ...await sweep(page, PUBLIC_PAGES, DESKTOP)];
  expect(found, found.join('\n')).toEqual([]);
});

test('the main admin screens pass the audit', async ({ browser }) => {
  test.setTimeout(180_000);
  const found = [];
  for (const [account, paths] of Object.entries(ADMIN_PAGES)) {
    // axe needs a page of its own context.
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, account);
    await expect(page.getByTestId('welcome')).toBeVisible();
    found.push(...await sweep(page, paths, DESKTOP));
    await context.close();
  }
  expect(found, found.join('\n')).toEqual([]);
});

test('every teacher screen fits a 360 px phone', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await login(page, accounts.teacherId);
  await expect(page.getByTestId('welcome')).toBeVisible();
  const wide = [];
  for (const path of TEACHER_PAGES) {
    await open(page, path);
    await page.waitForLoadState('networkidle');
    // The body hides sideways overflow, so measure what it holds, not what scrolls.
    const over = await page.evaluate(() => Math.max(document.body.scrollWidth, document.documentElement.scrollWidth) - window.innerWidth);
    if (over > 0) wide.push(`${path}: ${over} px wider than the screen`);
  }
  expect(wide, wide.join('\n')).toEqual([]);
});
