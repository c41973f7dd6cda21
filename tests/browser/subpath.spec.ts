import { test as base, expect } from '@playwright/test';
import { startEmulator, Emulator } from './fixtures';

// An intranet serves the portal under /mdm/: one build, no rebuild.
const test = base.extend<{}, { mounted: Emulator }>({
  mounted: [async ({}, use) => {
    const e = await startEmulator(['--mount', '/mdm']);
    await use(e);
    await e.stop();
  }, { scope: 'worker' }],
});

test('the portal works from a sub-path, deep links included', async ({ page, mounted }) => {
  await page.goto(`${mounted.origin}/mdm/users?page=2&limit=10`);
  await expect(page).toHaveURL(/\/mdm\/sign-in\?next=/);
  await page.getByLabel('API key').fill(mounted.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${mounted.origin}/mdm/users?page=2&limit=10`);
  await expect(page.getByText(/^11–20 of \d+$/)).toBeVisible();
  await page.getByRole('link', { name: 'Groups' }).click();
  await expect(page).toHaveURL(`${mounted.origin}/mdm/groups`);
  await page.getByRole('table', { name: 'Groups' }).getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/mdm/groups/\\d{30}$`));
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Users in this group' })).toBeVisible();
});
