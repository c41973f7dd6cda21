import { test, expect, Emulator, allPages } from './fixtures';
import type { APIRequestContext } from '@playwright/test';

async function withFixes(emulator: Emulator, request: APIRequestContext, devices: any[]) {
  const totals = await Promise.all(devices.map((d) => emulator.api(request, `devicelocation/${d.id}?limit=1`)));
  return totals.filter((t) => t.total > 0).length;
}

test('the fleet map draws one marker per device with a fix, coloured by age', async ({ signedIn: page, emulator, request }) => {
  test.setTimeout(60_000);
  const devices = await allPages(emulator, request, 'device');
  const withFix = await withFixes(emulator, request, devices);
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet map' })).toBeVisible();
  const map = page.getByRole('region', { name: 'Fleet map' });
  await expect(map).toHaveAttribute('data-markers', String(withFix), { timeout: 30_000 });
  const legend = page.getByRole('list', { name: 'Age of the latest fix' });
  await expect(legend).toContainText(`No fix: ${devices.length - withFix}`);
  // Crowded devices are clustered: a cluster marker zooms in when clicked.
  const clusters = map.locator('.leaflet-marker-icon.cluster');
  await expect(clusters.first()).toBeVisible();
  const before = Number(await map.getAttribute('data-clusters'));
  expect(before).toBeGreaterThan(0);
  const singlesBefore = Number(await map.getAttribute('data-singles'));
  await clusters.first().click();
  await expect.poll(async () => Number(await map.getAttribute('data-singles'))).toBeGreaterThan(singlesBefore);
  // The list links every device to its page.
  const table = page.getByRole('table', { name: 'Devices by latest fix, newest first' });
  // A hundred a page, with the lists' pager.
  await expect(table.getByRole('row')).toHaveCount(101);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(table.getByRole('row')).toHaveCount(Math.min(devices.length - 100, 100) + 1);
  await table.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Latest location' })).toBeVisible();
});

test('a group page and a user page open the map of their devices', async ({ signedIn: page, emulator, request }) => {
  const groups = await allPages(emulator, request, 'group');
  const group = groups[0];
  const users = await allPages(emulator, request, `user/${group.id}`);
  const groupDevices = (await Promise.all(users.map((u) => allPages(emulator, request, `device/${u.id}`)))).flat();
  const expected = await withFixes(emulator, request, groupDevices);
  await page.goto(`groups/${group.id}`);
  await page.getByRole('link', { name: 'Show on map' }).click();
  await expect(page).toHaveURL(new RegExp(`/map\\?group=${group.id}`));
  await expect(page.getByText(`Devices in ${group.name}`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Fleet map' })).toHaveAttribute('data-markers', String(expected));

  const user = users[0];
  const devices = await allPages(emulator, request, `device/${user.id}`);
  await page.goto(`users/${user.id}`);
  await page.getByRole('link', { name: 'Show on map' }).click();
  await expect(page.getByText(`Devices of ${user.firstName} ${user.lastName}`)).toBeVisible();
  const table = page.getByRole('table', { name: 'Devices by latest fix, newest first' });
  await expect(table.getByRole('row')).toHaveCount(devices.length + 1);
  await page.getByRole('link', { name: 'Show all devices' }).click();
  await expect(page.getByText('All devices')).toBeVisible();
});

test('the fleet map fills in while the latest fixes load, and keeps a view the user chose', async ({ signedIn: page, emulator, request }) => {
  test.setTimeout(90_000);
  const devices = await allPages(emulator, request, 'device');
  const withFix = await withFixes(emulator, request, devices);
  // Slow answers for locations, so that the walk over every device takes seconds.
  await page.route('**/api/v1/**', async (route) => {
    if (route.request().url().includes('/devicelocation/')) await new Promise((r) => setTimeout(r, 400));
    return route.fallback();
  });
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  const map = page.getByRole('region', { name: 'Fleet map' });
  const progress = page.getByText(/Loading latest fixes: \d+ of \d+/);
  await expect(progress).toBeVisible({ timeout: 20_000 });
  // Fixes show on the map before the last one has arrived.
  await expect.poll(async () => Number((await map.getAttribute('data-markers')) ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(progress).toBeVisible();
  expect(Number(await map.getAttribute('data-markers'))).toBeLessThan(withFix);
  // The user zooms in while it loads; the draws that follow keep that view.
  const zoomBefore = Number(await map.getAttribute('data-zoom'));
  await map.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(async () => Number(await map.getAttribute('data-zoom'))).toBe(zoomBefore + 1);
  await expect(progress).toBeVisible();
  await expect(map).toHaveAttribute('data-markers', String(withFix), { timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Devices by latest fix, newest first' })).toBeVisible();
  await expect(progress).toHaveCount(0);
  expect(Number(await map.getAttribute('data-zoom'))).toBe(zoomBefore + 1);
});
