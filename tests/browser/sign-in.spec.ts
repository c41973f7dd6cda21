import { test, expect, signIn } from './fixtures';
import type { Page } from '@playwright/test';

test('signing in with the right key opens the overview and masks the key', async ({ page, emulator }) => {
  await page.goto('');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page).toHaveURL(/\/overview$/);
  // Only the last four characters are ever shown.
  await expect(page.getByText('Key ••••WXYZ')).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain(emulator.key);
  expect(page.url()).not.toContain(emulator.key);
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('test-key');
});

test('a wrong key shows the server message and keeps what was typed', async ({ page }) => {
  await page.goto('sign-in');
  const field = page.getByLabel('API key');
  await field.fill('definitely-not-the-key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Invalid API Key');
  await expect(field).toHaveValue('definitely-not-the-key');
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});

test('an answer that is not a list of groups is refused at sign-in', async ({ page, emulator }) => {
  // A server that takes the key but is not the EzMDM API (a proxy's page,
  // another service at the API base): not signed in, told why.
  const asked: string[] = [];
  const groups = (url: URL) => url.pathname.endsWith('/group');
  await page.route(groups, (route) => {
    asked.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{"success":true,"data":{"status":"ok"}}' });
  });
  await page.goto('sign-in');
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('expected a list of groups, got an object');
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  // One cheap request: one group.
  expect(asked).toHaveLength(1);
  expect(new URL(asked[0]).searchParams.get('limit')).toBe('1');
  // The same server answering a list (its items are not read until a page
  // shows them) takes the key.
  await page.unroute(groups);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
});

test('an empty key is refused before any request', async ({ page }) => {
  await page.goto('sign-in');
  let apiCalls = 0;
  page.on('request', (r) => { if (r.url().includes('/api/')) apiCalls++; });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Enter your API key.');
  expect(apiCalls).toBe(0);
});

test('show and hide the key', async ({ page }) => {
  await page.goto('sign-in');
  const field = page.getByLabel('API key');
  await field.fill('abc');
  await expect(field).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show key' }).click();
  await expect(field).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide key' }).click();
  await expect(field).toHaveAttribute('type', 'password');
});

test('sign out clears session storage and protects pages again', async ({ page, emulator }) => {
  await signIn(page, emulator.key);
  expect(await page.evaluate(() => Object.values(sessionStorage).join())).toContain(emulator.key);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await page.goto('groups');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fgroups/);
});

test('a deep link while signed out returns there after sign-in', async ({ page, emulator }) => {
  await page.goto('users?page=2&limit=10');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/users\?page=2&limit=10$/);
  await expect(page.getByText(/^11–20 of \d+$/)).toBeVisible();
});

test('signing in again after Sign out opens the overview, never the sign-in form again', async ({ page, emulator }) => {
  await signIn(page, emulator.key);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  // A `next` naming the sign-in page (as Sign out could once leave in the URL) is not followed.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('sign-in?next=%2Fsign-in%3Fnext%3D%252Fgroups');
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page).toHaveURL(/\/overview$/);
});

test('the key survives a reload in the same tab', async ({ page, emulator }) => {
  await signIn(page, emulator.key);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
});

/**
 * Signed in on Groups once it has read every row's count of users (else one
 * of those requests is the one rejected, before the link is used); then the
 * account's key is revoked: every answer is "Invalid API Key". Returns how
 * many requests were rejected so far.
 */
async function signInThenRevokeKey(page: Page, key: string) {
  await signIn(page, key);
  const counts = page.getByRole('table', { name: 'Groups' }).locator('tbody tr td:last-child');
  await expect.poll(async () => {
    const texts = await counts.allTextContents();
    return texts.length > 0 && texts.every((t) => /^\d+$/.test(t.trim()));
  }).toBe(true);
  const rejected = { count: 0 };
  await page.route('**/api/v1/**', (route) => {
    rejected.count++;
    return route.fulfill({ status: 401, contentType: 'application/json', body: '{"success":false,"error":"Invalid API Key"}' });
  });
  return rejected;
}

/** Signed out with the server's words, to sign in again for the Users page. */
async function expectSignedOutToUsers(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: 'rejected the key' })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers/);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
}

test('a key rejected later signs out with a message', async ({ page, emulator }) => {
  await signInThenRevokeKey(page, emulator.key);
  await page.getByRole('link', { name: 'Users' }).click();
  await expectSignedOutToUsers(page);
});

test('a key rejected while a link is held down signs out to the page the link leads to', async ({ page, emulator }) => {
  const rejected = await signInThenRevokeKey(page, emulator.key);
  // The press asks ahead for the Users page's first rows; that answer is
  // the rejection, and the hand is still down a moment after it came.
  await page.getByRole('link', { name: 'Users' }).hover();
  await page.mouse.down();
  await expect.poll(() => rejected.count).toBeGreaterThan(0);
  await page.waitForTimeout(300);
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
  await page.mouse.up();
  await expectSignedOutToUsers(page);
});

test('an unknown address shows the not-found page', async ({ page }) => {
  await page.goto('no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('the sign-in page fetches the router and the lists only once a key is typed', async ({ page, emulator }) => {
  const wasm: string[] = [];
  page.on('request', (request) => {
    const file = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (file.endsWith('.wasm')) wasm.push(file);
  });
  await page.goto('devices');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdevices$/);
  // The app has taken the form over (index.html's own is gone).
  await expect(page.locator('#boot')).toHaveCount(0);
  // Nothing else is on its way: no request for half a second.
  await page.waitForLoadState('networkidle');
  expect(wasm).toEqual([expect.stringMatching(/^ezmdm-portal-.*_bg\.wasm$/)]);
  const lists = page.waitForRequest(/split_lists-[0-9a-f]+\.wasm$/);
  await page.getByLabel('API key').fill(emulator.key);
  await lists;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  await expect(page).toHaveURL(/\/devices$/);
});
