import { test, expect } from '@playwright/test';
import { accounts, PASSWORD } from './helpers.mjs';

/** Every response of the page: file name, raw and transferred (compressed) bytes. */
function countFiles(page) {
  const files = [];
  page.on('requestfinished', async (req) => {
    const res = await req.response();
    if (!res) return;
    const sizes = await req.sizes().catch(() => ({ responseBodySize: 0 }));
    const body = await res.body().catch(() => Buffer.alloc(0));
    files.push({
      url: req.url(),
      name: new URL(req.url()).pathname.split('/').pop(),
      raw: body.length,
      sent: sizes.responseBodySize,
      encoding: res.headers()['content-encoding'] || '',
    });
  });
  return files;
}

const kb = (n) => Math.round(n / 1024);

// Issue 13: a teacher's first visit fetches at most 15 wasm files and no admin screen, at most
// 300 KB compressed. Since issue 18 the first visit ends on 首页, the teacher's hub (待办, credits,
// announcements): measured 9 files, 269 KB brotli. 继续教育 is one tap away on the tab bar: it
// fetches the teacher area (the pages the tab bar leads to), measured 140 KB more, and still no
// admin screen; on a weak network it shows within 5 s of the tap (weak_network.spec).
const FIRST_VISIT_LIMIT = 300 * 1024;
const TRAINING_STEP_LIMIT = 160 * 1024;
test('a teacher on a phone: login → 首页 fetches a few compressed wasm files and no admin screen; 继续教育 adds the teacher area', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const files = countFiles(page);
  await page.goto('/login');
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
  await page.fill('#f-account', accounts.teacherId);
  await page.fill('#f-password', PASSWORD);
  await page.fill('#f-captcha', '0000');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.locator('body[data-hydrated="1"]')).toBeAttached({ timeout: 30_000 });
  await expect(page.getByTestId('home-todos')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const home = files.length;
  await page.locator('nav.tabbar a', { hasText: '培训' }).click();
  await expect(page.getByTestId('tab-0')).toBeVisible();
  await page.waitForLoadState('networkidle');

  // A size below zero is a file taken from the browser's cache (the full page load after login).
  const wasmOf = (list) => list.filter((f) => f.name.endsWith('.wasm') && f.sent >= 0);
  const first = wasmOf(files.slice(0, home));
  const step = wasmOf(files.slice(home));
  const names = new Set(first.map((f) => f.name));
  const sum = (list, key) => list.reduce((a, f) => a + f[key], 0);
  const sent = sum(first, 'sent');
  console.log(`first visit as a teacher (login → 首页): ${names.size} wasm files, ${kb(sum(first, 'raw'))} KB raw, ${kb(sent)} KB sent:`,
    first.map((f) => `${f.name} ${kb(f.raw)}→${kb(f.sent)} KB ${f.encoding}`).join(', '));
  console.log(`then 继续教育: ${step.length} wasm files, ${kb(sum(step, 'sent'))} KB sent:`,
    step.map((f) => `${f.name} ${kb(f.raw)}→${kb(f.sent)} KB`).join(', '));
  // Every wasm file arrives brotli-compressed and once: a full page load after login takes
  // the bundle from the cache.
  const all = [...first, ...step];
  expect(all.every((f) => f.encoding === 'br' || f.raw === 0)).toBe(true);
  expect(all.length).toBe(new Set(all.map((f) => f.name)).size);
  expect(names.size).toBeLessThanOrEqual(15);
  expect(sent).toBeLessThanOrEqual(FIRST_VISIT_LIMIT);
  expect(first.some((f) => f.name.startsWith('split_teacher'))).toBe(false);
  expect(step.some((f) => f.name.startsWith('split_teacher'))).toBe(true);
  expect(sum(step, 'sent')).toBeLessThanOrEqual(TRAINING_STEP_LIMIT);
  // No admin screen travels to a teacher's phone: the admin area is its own chunk.
  expect(all.some((f) => f.name.startsWith('split_admin'))).toBe(false);
  await context.close();
});

test('the bundle is cached for a year under its hashed name, pages are never stored, unhashed files revalidate', async ({ request }) => {
  const page = await request.get('/login', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(page.headers()['cache-control']).toBe('no-store');
  expect(page.headers()['content-encoding']).toBe('br');
  const html = await page.text();
  const wasm = html.match(/\/pkg\/(shixun\.[A-Za-z0-9_-]{22}\.wasm)/);
  expect(wasm).not.toBeNull();

  const br = await request.get(`/pkg/${wasm[1]}`, { headers: { 'accept-encoding': 'br' } });
  expect(br.headers()['content-encoding']).toBe('br');
  expect(br.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  const gz = await request.get(`/pkg/${wasm[1]}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
  const plain = await request.get(`/pkg/${wasm[1]}`, { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect((await plain.body()).subarray(0, 4).toString('hex')).toBe('0061736d'); // \0asm

  const icon = await request.get('/favicon.svg');
  expect(icon.headers()['cache-control']).toBe('no-cache');
  const etag = icon.headers()['etag'];
  expect(etag).toBeTruthy();
  const again = await request.get('/favicon.svg', { headers: { 'if-none-match': etag } });
  expect(again.status()).toBe(304);

  const api = await request.post('/api/site_facts', { headers: { origin: page.url().replace(/\/login$/, '') } });
  expect(api.headers()['cache-control']).toBe('no-store');
});
