import { test, expect, Emulator, allPages } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

type Fix = { id: string; latitude: any; longitude: any; accuracy: number; timestamp: string };

/** Every location of a device, straight from the API. */
const allFixes = (emulator: Emulator, request: APIRequestContext, deviceId: string): Promise<Fix[]> =>
  allPages(emulator, request, `devicelocation/${deviceId}`);

/** The first device with a track, and its fixes. */
async function trackedDevice(emulator: Emulator, request: APIRequestContext) {
  const devices = (await emulator.api(request, 'device?limit=20')).data;
  for (const device of devices) {
    const fixes = await allFixes(emulator, request, device.id);
    if (fixes.length > 50) return { device, fixes };
  }
  throw new Error('no tracked device');
}

const GAP_MS = 30 * 60_000;

function gapCount(fixes: Fix[]) {
  const times = fixes.map((f) => Date.parse(f.timestamp)).sort((a, b) => a - b);
  return times.slice(1).filter((t, i) => t - times[i] > GAP_MS).length;
}

const map = (page: Page, name: string) => page.getByRole('region', { name: `Map of ${name}'s locations` });

/** `n` fixes a minute apart on a straight line, `step` degrees apart, ending now. */
function straightTrack(prefix: string, n: number, step: number): Fix[] {
  const start = Date.now() - n * 60_000;
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    latitude: 52 + i * step,
    longitude: 13 + i * step,
    accuracy: 5,
    timestamp: new Date(start + i * 60_000).toISOString(),
  }));
}

/** The API answers the device's fixes with `fixes`, page by page; `onPage` hears each page asked. */
async function serveFixes(page: Page, deviceId: string, fixes: Fix[], onPage: (p: number) => void = () => {}) {
  await page.route(`**/devicelocation/${deviceId}*`, (route) => {
    const url = new URL(route.request().url());
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const p = Number(url.searchParams.get('page') ?? 1);
    onPage(p);
    route.fulfill({ json: { success: true, data: fixes.slice((p - 1) * limit, p * limit), page: p, total: fixes.length } });
  });
}

test('the device page shows the latest fix; its locations page draws the track by time range', async ({ signedIn: page, emulator, request }) => {
  const { device, fixes } = await trackedDevice(emulator, request);
  const latest = fixes.reduce((a, b) => (Date.parse(a.timestamp) > Date.parse(b.timestamp) ? a : b));
  await page.goto(`devices/${device.id}`);
  await expect(page.getByRole('heading', { name: 'Latest location' })).toBeVisible();
  await expect(page.getByText(`${latest.latitude.toFixed(5)}, ${latest.longitude.toFixed(5)}`)).toBeVisible();
  await expect(page.getByRole('region', { name: `Map of ${device.name}'s latest location` })).toHaveAttribute('data-fixes', '1');

  await page.getByRole('link', { name: 'Show all locations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Locations of ${device.name}` })).toBeVisible();
  const week = fixes.filter((f) => Date.parse(f.timestamp) >= Date.now() - 7 * 86_400_000);
  await expect(map(page, device.name)).toHaveAttribute('data-fixes', String(week.length));
  await expect(page.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: 'All', exact: true }).click();
  await expect(page).toHaveURL(/range=all/);
  await expect(map(page, device.name)).toHaveAttribute('data-fixes', String(fixes.length));
  await expect(map(page, device.name)).toHaveAttribute('data-gaps', String(gapCount(fixes)));
  await expect(page.getByText(`${fixes.length} of ${fixes.length} fixes`)).toBeVisible();
  // Drawn on one canvas, never thousands of DOM markers; few enough for a
  // dot each, besides the latest fix's own marker.
  await expect(map(page, device.name).locator('canvas')).toHaveCount(1);
  expect(fixes.length).toBeLessThanOrEqual(1500);
  await expect(map(page, device.name)).toHaveAttribute('data-dots', String(fixes.length - 1));

  await page.reload();
  await expect(page.getByRole('button', { name: 'All', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(map(page, device.name)).toHaveAttribute('data-fixes', String(fixes.length));

  await page.getByRole('button', { name: 'Last 24 hours' }).click();
  const day = fixes.filter((f) => Date.parse(f.timestamp) >= Date.now() - 86_400_000);
  await expect(map(page, device.name)).toHaveAttribute('data-fixes', String(day.length));
  await page.goBack();
  await expect(map(page, device.name)).toHaveAttribute('data-fixes', String(fixes.length));

  // A custom range: the first three days of the track.
  const times = fixes.map((f) => Date.parse(f.timestamp)).sort((a, b) => a - b);
  const from = new Date(times[0] + 86_400_000);
  const to = new Date(times[0] + 3 * 86_400_000);
  const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await page.getByRole('button', { name: 'Custom' }).click();
  await page.getByLabel('From', { exact: true }).fill(local(to));
  await page.getByLabel('To', { exact: true }).fill(local(from));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByText('The start must be before the end.')).toBeVisible();
  await page.getByLabel('From', { exact: true }).fill(local(from));
  await page.getByLabel('To', { exact: true }).fill(local(to));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page).toHaveURL(/range=custom&from=/);
  const minute = (t: number) => Math.floor(t / 60_000) * 60_000;
  const inside = times.filter((t) => t >= minute(from.getTime()) && t <= minute(to.getTime()));
  await expect(map(page, device.name)).toHaveAttribute('data-fixes', String(inside.length));
});

test('the fix table and the map select each other; replay moves along the track', async ({ signedIn: page, emulator, request }) => {
  const { device, fixes } = await trackedDevice(emulator, request);
  const newest = fixes.reduce((a, b) => (Date.parse(a.timestamp) > Date.parse(b.timestamp) ? a : b));
  await page.goto(`devices/${device.id}/locations?range=all`);
  const table = page.getByRole('table', { name: /Fixes, newest first/ });
  await expect(table.getByRole('row')).toHaveCount(51);
  await table.getByRole('row').nth(1).getByRole('button').click();
  await expect(map(page, device.name)).toHaveAttribute('data-selected', newest.id);
  await expect(page).toHaveURL(new RegExp(`fix=${newest.id}`));
  await expect(table.getByRole('row').nth(1)).toHaveAttribute('aria-selected', 'true');
  const popup = page.locator('.leaflet-popup');
  await expect(popup).toContainText(`${newest.latitude.toFixed(5)}, ${newest.longitude.toFixed(5)}`);
  await expect(popup).toContainText(device.name);

  // Keyboard: Down selects the next older fix.
  await page.keyboard.press('ArrowDown');
  await expect(table.getByRole('row').nth(2)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(table.getByRole('row').nth(1)).toHaveAttribute('aria-selected', 'true');
  // Escape clears the selection; clicking the marker (now at the centre) selects its row.
  await page.keyboard.press('Escape');
  await expect(map(page, device.name)).not.toHaveAttribute('data-selected', /./);
  await expect(popup).toHaveCount(0);
  await map(page, device.name).click();
  await expect(map(page, device.name)).toHaveAttribute('data-selected', newest.id);
  await expect(table.getByRole('row').nth(1)).toHaveAttribute('aria-selected', 'true');

  // A reload keeps the selected fix.
  await page.reload();
  await expect(map(page, device.name)).toHaveAttribute('data-selected', newest.id);

  const slider = page.getByRole('slider', { name: 'Replay position' });
  await slider.fill('0');
  const oldest = fixes.reduce((a, b) => (Date.parse(a.timestamp) < Date.parse(b.timestamp) ? a : b));
  await expect(map(page, device.name)).toHaveAttribute('data-selected', oldest.id);
  await page.getByRole('group', { name: 'Replay speed' }).getByRole('button', { name: '16×' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => Number(await slider.inputValue())).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Pause' }).click();
  const stopped = await slider.inputValue();
  await page.waitForTimeout(600);
  expect(await slider.inputValue()).toBe(stopped);
});

test('export the shown fixes as GeoJSON, GPX and CSV', async ({ signedIn: page, emulator, request }) => {
  const { device, fixes } = await trackedDevice(emulator, request);
  await page.goto(`devices/${device.id}/locations?range=all`);
  await expect(map(page, device.name)).toHaveAttribute('data-fixes', String(fixes.length));
  const save = async (name: string) => {
    const download = page.waitForEvent('download');
    await page.getByRole('group', { name: 'Export the shown fixes' }).getByRole('button', { name }).click();
    const file = await download;
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  };
  const geo = await save('GeoJSON');
  expect(geo.name).toMatch(/-locations\.geojson$/);
  const json = JSON.parse(geo.text);
  const points = json.features.filter((f: any) => f.geometry.type === 'Point');
  expect(points).toHaveLength(fixes.length);
  const first = fixes.find((f) => f.id === points[0].properties.id)!;
  expect(points[0].geometry.coordinates).toEqual([first.longitude, first.latitude]);

  const gpx = await save('GPX');
  expect(gpx.name).toMatch(/\.gpx$/);
  expect(gpx.text.match(/<trkpt /g)).toHaveLength(fixes.length);
  expect(gpx.text.match(/<trkseg>/g)!.length).toBeGreaterThan(1);

  const csv = await save('CSV');
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('time,latitude,longitude,accuracy_m,id');
  expect(lines).toHaveLength(fixes.length + 1);
});

test('a device without locations shows empty states, not a broken map', async ({ signedIn: page, emulator, request }) => {
  const devices = (await emulator.api(request, 'device?limit=100&page=2')).data
    .concat((await emulator.api(request, 'device?limit=100&page=1')).data);
  let empty: any;
  for (const d of devices.reverse()) {
    if ((await emulator.api(request, `devicelocation/${d.id}?limit=1`)).total === 0) { empty = d; break; }
  }
  expect(empty).toBeTruthy();
  await page.goto(`devices/${empty.id}`);
  await expect(page.getByText('This device has not reported a location yet.')).toBeVisible();
  await page.getByRole('link', { name: 'Show all locations' }).click();
  await expect(page.getByText('No locations yet')).toBeVisible();
  await expect(page.getByRole('region', { name: /Map of/ })).toHaveCount(0);
});

test('bad coordinates are listed as skipped and markup in names stays text', async ({ signedIn: page, emulator, request }) => {
  const { device, fixes } = await trackedDevice(emulator, request);
  const evil = `<img src=x onerror="window.__xss=1">"><script>window.__xss=2</script>`;
  await page.route(`**/device/${device.id}`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.data.name = evil;
    await route.fulfill({ response, json: body });
  });
  const good = fixes.slice(0, 5);
  const bad = [
    { id: 'far-north', latitude: 95, longitude: 10, timestamp: good[0].timestamp },
    { id: 'wordy', lat: 'north', lng: '3', timestamp: good[1].timestamp },
    { id: 'no-time', latitude: 10, longitude: 10 },
  ];
  await page.route(`**/devicelocation/${device.id}*`, (route) =>
    route.fulfill({ json: { success: true, data: [...good, ...bad], page: 1, total: 8 } }));
  await page.goto(`devices/${device.id}/locations?range=all`);
  const region = page.getByRole('region', { name: `Map of ${evil}'s locations` });
  await expect(region).toHaveAttribute('data-fixes', '5');
  await page.getByText('3 locations skipped: not drawn').click();
  await expect(page.getByText(/far-north · no usable coordinates \(95, 10\)/)).toBeVisible();
  await expect(page.getByText(/wordy · no usable coordinates \(north, 3\)/)).toBeVisible();
  await expect(page.getByText(/no-time · no usable time/)).toBeVisible();
  await page.getByRole('table', { name: /Fixes/ }).getByRole('row').nth(1).getByRole('button').click();
  await expect(page.locator('.leaflet-popup')).toContainText(evil);
  await expect(page.locator('.leaflet-popup img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
});

test('a dense track draws fix dots only zoomed in; any fix can be selected on the map', async ({ signedIn: page, emulator, request }) => {
  const { device } = await trackedDevice(emulator, request);
  // 3,000 fixes a minute and about 13 m apart on a straight line: too many
  // for a dot each.
  const n = 3000;
  await serveFixes(page, device.id, straightTrack('dense', n, 1e-4));
  await page.goto(`devices/${device.id}/locations?range=all`);
  const region = map(page, device.name);
  await expect(region).toHaveAttribute('data-fixes', String(n));
  await expect(region).toHaveAttribute('data-dots', '0');

  // Fitted to the track, the fix under the centre is still clickable, and
  // once selected it is drawn.
  await region.click();
  await expect(region).toHaveAttribute('data-selected', /^dense-/);
  await expect(page).toHaveURL(/fix=dense-/);
  await expect(region).toHaveAttribute('data-dots', '1');
  const picked = await region.getAttribute('data-selected');
  const row = page.getByRole('table', { name: /Fixes, newest first/ }).locator('tr[aria-selected="true"]');
  await expect(row).toHaveCount(1);

  // Zoomed in, the fixes in view get dots, never more than 1,500.
  const zoomIn = page.getByRole('button', { name: 'Zoom in' });
  const dotsAfterZoomIn = async () => {
    await zoomIn.click();
    await page.waitForTimeout(400);
    return Number(await region.getAttribute('data-dots'));
  };
  await expect.poll(dotsAfterZoomIn, { timeout: 30_000 }).toBeGreaterThan(1);
  expect(Number(await region.getAttribute('data-dots'))).toBeLessThanOrEqual(1500);
  // Further in, dots far enough apart to click one rather than its neighbour.
  await expect.poll(dotsAfterZoomIn, { timeout: 30_000 }).toBeLessThan(60);

  // Down in the table selects the next older fix and centres it; cleared
  // with Escape, then clicked on the map, it is selected again.
  const older = `dense-${Number(picked!.replace('dense-', '')) - 1}`;
  await row.getByRole('button').press('ArrowDown');
  await expect(region).toHaveAttribute('data-selected', older);
  await page.keyboard.press('Escape');
  await expect(region).not.toHaveAttribute('data-selected', /./);
  await region.click();
  await expect(region).toHaveAttribute('data-selected', older);
  await expect(region).toHaveAttribute('data-fixes', String(n));
});

test('a track asks for its fixes beside the device, its owner and their group, not after them', async ({ signedIn: page, emulator, request }) => {
  const { device } = await trackedDevice(emulator, request);
  const owner = (await emulator.api(request, `user/${device.userId}`)).data;
  // Three pages of fixes, so the walk goes past the first page (which the
  // page load asks for ahead of the code).
  const n = 250;
  const pagesAsked: number[] = [];
  await serveFixes(page, device.id, straightTrack('walk', n, 1e-3), (p) => {
    if (p > 1) pagesAsked.push(Date.now());
  });
  // The owner answers a second and a half late.
  let ownerAnswered = 0;
  await page.route(new RegExp(`/user/${device.userId}\\??$`), async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    ownerAnswered = Date.now();
    await route.continue();
  });
  await page.goto(`devices/${device.id}/locations?range=all`);
  const region = map(page, device.name);
  await expect(region).toHaveAttribute('data-fixes', String(n));
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: `${owner.firstName} ${owner.lastName}` })).toBeVisible();
  expect(pagesAsked).toHaveLength(2);
  for (const asked of pagesAsked) expect(asked).toBeLessThan(ownerAnswered);
});
