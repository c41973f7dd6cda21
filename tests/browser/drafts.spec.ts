// Drafts: what a form held survives a sign-out forced by a rejected key, and
// is offered back after signing in again; a manual Sign out forgets it.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const DATA = { timeout: 20_000 };
const REJECTED = { status: 401, contentType: 'application/json', body: '{"success":false,"error":"Invalid API Key"}' };

/** The next request with `method` is answered as if the key had been revoked. */
async function revokeKeyOn(page: Page, method: string) {
  await page.route('**/api/v1/**', (route) =>
    route.request().method() === method ? route.fulfill(REJECTED) : route.fallback());
}

async function signInAgain(page: Page, key: string) {
  await expect(page.getByText('You were signed out because the API rejected the key')).toBeVisible(DATA);
  await page.unrouteAll();
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** sessionStorage as [name, value] pairs. */
function storage(page: Page): Promise<[string, string][]> {
  return page.evaluate(() => Object.entries(sessionStorage));
}

test('New group: a key rejected on save signs out, and the draft is offered back after signing in', async ({ signedIn: page, emulator, request }) => {
  const name = `Draft group ${Date.now()}`;
  await page.goto('groups/new');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Description', exact: true }).fill('Typed before the key was revoked');
  await revokeKeyOn(page, 'PUT');
  await page.getByRole('button', { name: 'Create group' }).click();

  await expect(page).toHaveURL(/sign-in\?next=/, DATA);
  // The draft is kept, the key is not, and the draft holds no key.
  const kept = await storage(page);
  // (The activity log is kept too: the refused save is in it.)
  expect(kept.map(([k]) => k).filter((k) => !k.startsWith('ezmdm.activity:')))
    .toEqual([expect.stringMatching(/^ezmdm\.draft:.*groups\/new#group-name$/)]);
  expect(kept.find(([k]) => k.startsWith('ezmdm.activity:'))?.[1]).toContain('"action":"New group"');
  expect(JSON.stringify(kept)).not.toContain(emulator.key);

  await signInAgain(page, emulator.key);
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible(DATA);
  const offer = page.getByRole('status').filter({ hasText: 'You typed changes to Name and Description here earlier' });
  await expect(offer).toBeVisible();
  // Offered, not filled in unasked.
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('');
  await offer.getByRole('button', { name: 'Restore changes' }).click();
  await expect(offer).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(name);
  await expect(page.getByRole('textbox', { name: 'Description', exact: true })).toHaveValue('Typed before the key was revoked');

  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible(DATA);
  const groups = (await emulator.api(request, 'group?limit=100&page=1')).data as any[];
  expect(groups.filter((g) => g.name === name)).toHaveLength(1);
  // Saved: the draft is gone.
  expect((await storage(page)).filter(([k]) => k.startsWith('ezmdm.draft:'))).toEqual([]);
  await page.goto('groups/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible(DATA);
  await expect(page.getByRole('button', { name: 'Restore changes' })).toHaveCount(0);
});

test('Edit user: the restored draft is previewed as a change and saved', async ({ signedIn: page, emulator, request }) => {
  const user = (await emulator.api(request, 'user?limit=100&page=1')).data[1];
  await page.goto(`users/${user.id}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Edit user' })).toBeVisible(DATA);
  await page.getByRole('textbox', { name: 'Phone' }).fill('+44 20 7946 0000');
  await revokeKeyOn(page, 'POST');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await signInAgain(page, emulator.key);

  await expect(page.getByRole('heading', { level: 1, name: 'Edit user' })).toBeVisible(DATA);
  await expect(page.getByRole('textbox', { name: 'Phone' })).toHaveValue(user.phone ?? '');
  await page.getByRole('status').filter({ hasText: 'You typed changes to Phone here earlier' })
    .getByRole('button', { name: 'Restore changes' }).click();
  const before = user.phone ? `“${user.phone}”` : '(empty)';
  await expect(page.getByText(`Phone: ${before} → “+44 20 7946 0000”`)).toBeVisible();
  const post = page.waitForRequest((r) => r.method() === 'POST');
  await page.getByRole('button', { name: 'Save changes' }).click();
  expect((await post).postData()).toBe('phone=%2B44+20+7946+0000');
  await expect(page).toHaveURL(new RegExp(`/users/${user.id}$`), DATA);
});

test('Discard keeps the form as it is and drops the draft', async ({ signedIn: page, emulator }) => {
  await page.goto('groups/new');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('To be discarded');
  await revokeKeyOn(page, 'PUT');
  await page.getByRole('button', { name: 'Create group' }).click();
  await signInAgain(page, emulator.key);
  await page.getByRole('button', { name: 'Discard them' }).click();
  await expect(page.getByRole('button', { name: 'Restore changes' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('');
  expect((await storage(page)).filter(([k]) => k.startsWith('ezmdm.draft:'))).toEqual([]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible(DATA);
  await expect(page.getByRole('button', { name: 'Restore changes' })).toHaveCount(0);
});

test('a manual Sign out forgets every draft', async ({ signedIn: page, emulator }) => {
  await page.goto('groups/new');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Typed, then signed out on purpose');
  await expect.poll(async () => (await storage(page)).filter(([k]) => k.startsWith('ezmdm.draft:')).length).toBe(1);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('API key')).toBeVisible(DATA);
  expect(await storage(page)).toEqual([]);
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Sign-in proves the key with a request first: a navigation before it answers would reload
  // the tab while still signed out.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible(DATA);
  await page.goto('groups/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible(DATA);
  await expect(page.getByRole('button', { name: 'Restore changes' })).toHaveCount(0);
});

test('Back from a changed form keeps the draft, and coming back offers it', async ({ signedIn: page }) => {
  await page.getByRole('link', { name: 'New group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible(DATA);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Left by Back');
  await expect.poll(async () => (await storage(page)).filter(([k]) => k.startsWith('ezmdm.draft:')).length).toBe(1);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible(DATA);
  expect((await storage(page)).filter(([k]) => k.startsWith('ezmdm.draft:'))).toHaveLength(1);
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible(DATA);
  await page.getByRole('button', { name: 'Restore changes' }).click();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Left by Back');
  // Leaving by a link, once the prompt is accepted, drops it.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible(DATA);
  expect((await storage(page)).filter(([k]) => k.startsWith('ezmdm.draft:'))).toEqual([]);
});

test('a draft is never offered to another key signing in in the same tab, and that sign-in drops it', async ({ signedIn: page, emulator }) => {
  await page.goto('groups/new');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Typed by the first account');
  await revokeKeyOn(page, 'PUT');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText('You were signed out because the API rejected the key')).toBeVisible(DATA);
  expect((await storage(page)).filter(([k]) => k.startsWith('ezmdm.draft:'))).toHaveLength(1);

  // A second account: the emulator knows one key, so this one is passed on as it.
  const other = 'other-key-0123456789abcdefWXYZ';
  await page.unrouteAll();
  await page.route(`**/api/v1/${other}/**`, (route) =>
    route.continue({ url: route.request().url().replace(other, emulator.key) }));
  await page.getByLabel('API key').fill(other);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible(DATA);
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Restore changes' })).toHaveCount(0);
  expect((await storage(page)).filter(([k]) => k.startsWith('ezmdm.draft:'))).toEqual([]);
});
