import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';

async function scan(page: any) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target).join(', ')}`);
  expect(summary).toEqual([]);
}

test('sign-in page has no axe violations', async ({ page }) => {
  await page.goto('sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await scan(page);
});

test('groups page has no axe violations', async ({ signedIn: page }) => {
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
  await scan(page);
});

// One test a page, so a slow machine gets each its own time limit.
const pages: Record<string, (device: any) => string> = {
  'new group form': () => 'groups/new',
  'new user form': () => 'users/new',
  'users list': () => 'users',
  'devices list': () => 'devices',
  'filtered devices list': () => 'devices?platform=iOS&checkin=not-within-7d',
  overview: () => 'overview',
  'device page': (d) => `devices/${d.id}`,
  'device locations page': (d) => `devices/${d.id}/locations?range=all`,
  'fleet map': () => 'map',
  activity: () => 'activity',
  'bulk change, none planned': () => 'bulk',
  'import users': () => 'users/import',
  'import groups': () => 'groups/import',
  'who was here': () => 'map/area?range=all&area=c%3A51.5%2C-0.12%2C3000&stay=5',
  'user page': (d) => `users/${d.userId}`,
};

for (const [name, path] of Object.entries(pages)) {
  test(`${name} has no axe violations`, async ({ signedIn: page, emulator, request }) => {
    const device = (await emulator.api(request, 'device?limit=1')).data[0];
    await page.goto(path(device));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(/Loading/)).toHaveCount(0, { timeout: 30_000 });
    await scan(page);
  });
}

test('bulk actions and a planned bulk change have no axe violations', async ({ signedIn: page, emulator, request }) => {
  const devices = (await emulator.api(request, 'device?limit=3')).data;
  await page.goto('devices');
  const table = page.getByRole('table', { name: 'Devices' });
  for (const d of devices.slice(1, 3)) await table.getByRole('checkbox', { name: `Select ${d.name}`, exact: true }).check();
  await page.getByRole('button', { name: 'Rename…' }).click();
  await page.getByLabel('Name pattern').fill('{name} {n}');
  await expect(page.getByRole('table', { name: 'First rows of the rename' })).toBeVisible({ timeout: 20_000 });
  await scan(page);
  await page.getByRole('button', { name: 'Change owner…' }).click();
  await expect(page.getByRole('combobox', { name: 'New owner' })).toBeVisible();
  await expect(page.getByText(/Reading the selected/)).toHaveCount(0, { timeout: 20_000 });
  await scan(page);
  await page.getByRole('button', { name: 'Rename…' }).click();
  await page.getByRole('button', { name: 'Preview every rename…' }).click();
  await expect(page.getByRole('heading', { name: 'Rename devices' })).toBeVisible();
  await scan(page);

  const users = (await emulator.api(request, 'user?limit=2')).data;
  await page.goto('users');
  await page.getByRole('table', { name: 'Users' }).getByRole('checkbox', { name: `Select ${users[1].firstName} ${users[1].lastName}`, exact: true }).check();
  await page.getByRole('button', { name: 'Set a field…' }).click();
  await expect(page.getByText(/Reading the selected/)).toHaveCount(0, { timeout: 20_000 });
  await scan(page);
});
