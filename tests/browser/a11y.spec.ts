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

test('group, user, device and form pages have no axe violations', async ({ signedIn: page, emulator, request }) => {
  const device = (await emulator.api(request, 'device?limit=1')).data[0];
  for (const path of ['groups/new', 'users/new', 'users', 'devices', `devices/${device.id}`, `devices/${device.id}/locations?range=all`, `users/${device.userId}`]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(/Loading/)).toHaveCount(0);
    await scan(page);
  }
});
