import { test, expect, signIn } from './fixtures';

test('offline: a banner says so, and the failed view loads by itself once back online', async ({ signedIn: page, context }) => {
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
  await context.setOffline(true);
  await expect(page.getByText('You are offline.')).toBeVisible();
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not reach the API' })).toBeVisible({ timeout: 20_000 });
  await context.setOffline(false);
  await expect(page.getByText('Back online.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('idle sign-out from the runtime config ends the session and says why', async ({ page, emulator }) => {
  await page.route('**/config.json', (route) => route.fulfill({ json: { idleSignOutMinutes: 0.05 } }));
  await signIn(page, emulator.key);
  await expect(page.getByText('You were signed out after 3 seconds without activity.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel('API key')).toHaveValue('');
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});
