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

test('a cluster is a round badge with its count centred, ringed by the share of each fix age', async ({ signedIn: page, emulator, request }) => {
  const withFix = await withFixes(emulator, request, await allPages(emulator, request, 'device'));
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  const map = page.getByRole('region', { name: 'Fleet map' });
  // Measured once every fix is in: until then each draw replaces the badges.
  await expect(map).toHaveAttribute('data-markers', String(withFix), { timeout: 30_000 });
  await expect(page.getByText(/Loading latest fixes/)).toHaveCount(0);
  const cluster = map.locator('.leaflet-marker-icon.cluster').first();
  await expect(cluster).toBeVisible();
  // Round, and its own class only (Leaflet's leaflet-div-icon is replaced).
  const shape = await cluster.evaluate((el) => {
    const s = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const count = el.querySelector('.cluster-count')!.getBoundingClientRect();
    return {
      radius: s.borderTopLeftRadius,
      width: box.width,
      height: box.height,
      dx: Math.abs(count.left + count.width / 2 - (box.left + box.width / 2)),
      dy: Math.abs(count.top + count.height / 2 - (box.top + box.height / 2)),
      divIcon: el.classList.contains('leaflet-div-icon'),
    };
  });
  expect(shape.radius).toBe('50%');
  expect(shape.width).toBe(shape.height);
  expect(shape.width).toBeGreaterThanOrEqual(34);
  expect(shape.dx).toBeLessThanOrEqual(1.5);
  expect(shape.dy).toBeLessThanOrEqual(1.5);
  expect(shape.divIcon).toBe(false);
  // The ring's shares are the title's counts (not the colour alone: the
  // title says them in words).
  const n = Number(await cluster.locator('.cluster-count').textContent());
  const title = (await cluster.getAttribute('title'))!;
  expect(title).toMatch(new RegExp(`^${n} devices \\(.+\\): zoom in$`));
  // Named by its count and mix (the ring is a picture of that), described by the title.
  const mix = title.replace(/: zoom in$/, '');
  await expect(map.getByRole('button', { name: mix, exact: true }).first()).toBeVisible();
  const named = [...title.matchAll(/(\d+) (within the hour|within 24 hours|older|no fix)/g)].map((m) => [m[2], Number(m[1])] as const);
  expect(named.reduce((sum, [, c]) => sum + c, 0)).toBe(n);
  const keys: Record<string, string> = { 'within the hour': 'fresh', 'within 24 hours': 'today', older: 'older', 'no fix': 'none' };
  const ring = await cluster.locator('circle.ring').evaluateAll((cs) =>
    cs.map((c) => [c.getAttribute('class')!.replace('ring ring-', ''), Number(c.getAttribute('data-share'))] as const));
  expect(ring.map(([k]) => k)).toEqual(named.map(([label]) => keys[label]));
  for (const [i, [, share]] of ring.entries()) expect(share).toBeCloseTo((named[i][1] * 100) / n, 2);
});
