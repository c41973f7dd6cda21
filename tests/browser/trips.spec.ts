// Trips and stops on a device's locations page: the rules in the URL, the
// totals, the table linked with the map, the speed chart, the exports, and
// the fixes left out for their accuracy. The stops are checked against a
// reference reading of the same fixes straight from the API.
import { test, expect, Emulator, allPages } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

type Fix = { id: string; latitude: number; longitude: number; accuracy: number; timestamp: string };

const DATA = { timeout: 20_000 };

async function trackedDevice(emulator: Emulator, request: APIRequestContext) {
  const devices = (await emulator.api(request, 'device?limit=20')).data;
  for (const device of devices) {
    const fixes: Fix[] = await allPages(emulator, request, `devicelocation/${device.id}`);
    if (fixes.length > 50) return { device, fixes };
  }
  throw new Error('no tracked device');
}

function metres(a: Fix, b: Fix) {
  const r = 6_371_008.8, rad = Math.PI / 180;
  const dlat = (b.latitude - a.latitude) * rad, dlng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dlat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dlng / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The staypoint rule the page states: from an anchor fix, every following
 *  fix within R metres, for at least T minutes; fixes worse than A left out. */
function referenceStops(all: Fix[], radius: number, minutes: number, accuracy: number) {
  const fixes = all.filter((f) => !(f.accuracy > accuracy))
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const stops: { arrival: Fix; departure: Fix }[] = [];
  let i = 0;
  while (i < fixes.length) {
    let j = i;
    while (j + 1 < fixes.length && metres(fixes[i], fixes[j + 1]) <= radius) j++;
    if (j > i && Date.parse(fixes[j].timestamp) - Date.parse(fixes[i].timestamp) >= minutes * 60_000) {
      stops.push({ arrival: fixes[i], departure: fixes[j] });
      i = j + 1;
    } else i++;
  }
  return stops;
}

const map = (page: Page, name: string) => page.getByRole('region', { name: `Map of ${name}'s locations` });
const totals = (page: Page) => page.locator('.trip-totals');
const partsTable = (page: Page) => page.getByRole('table', { name: /^Trips and stops/ });

async function saveFrom(page: Page, name: string) {
  const download = page.waitForEvent('download');
  await page.getByRole('group', { name: 'Export the trips and stops' }).getByRole('button', { name }).click();
  const file = await download;
  const chunks: Buffer[] = [];
  for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
  return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

test('stops, totals and the trips table follow the rules in the URL, checked against the fixes', async ({ signedIn: page, emulator, request }) => {
  const { device, fixes } = await trackedDevice(emulator, request);
  const expected = referenceStops(fixes, 100, 5, 200);
  expect(expected.length).toBeGreaterThan(0);
  await page.goto(`devices/${device.id}/locations?range=all`);
  await expect(map(page, device.name)).toHaveAttribute('data-fixes', String(fixes.length), DATA);
  await expect(map(page, device.name)).toHaveAttribute('data-stops', String(expected.length));
  await expect(totals(page)).toContainText(`at ${expected.length} stop${expected.length === 1 ? '' : 's'}.`);
  await expect(totals(page)).toContainText(/^[\d.]+ k?m travelled in \d+ trips?, /);

  // The first stop in the table says why it is one and is the reference's first.
  const stopRow = partsTable(page).getByRole('row').filter({ hasText: 'Stop' }).first();
  await expect(stopRow).toContainText(/\d+ (s|min|h \d+ min|d \d+ h) within \d+ m/);
  await stopRow.getByRole('button').click();
  await expect(map(page, device.name)).toHaveAttribute('data-selected', expected[0].arrival.id);
  await expect(stopRow).toHaveAttribute('aria-selected', 'true');

  // Bad input: a clear message, the typed text kept, nothing changed.
  const radius = page.getByRole('spinbutton', { name: 'Stop radius' });
  const before = page.url();
  await radius.fill('3');
  await page.getByRole('button', { name: 'Apply rules' }).click();
  await expect(page.locator('.stop-rules').getByRole('alert')).toHaveText('Stop radius must be a number from 10 to 5000 m.');
  await expect(radius).toHaveValue('3');
  expect(page.url()).toBe(before);

  // A longer stop time: fewer stops, in the URL; Back returns to the defaults.
  await radius.fill('100');
  await page.getByRole('spinbutton', { name: 'Stop time' }).fill('20');
  await page.getByRole('button', { name: 'Apply rules' }).click();
  await expect(page).toHaveURL(/stop_minutes=20/);
  const longer = referenceStops(fixes, 100, 20, 200);
  expect(longer.length).toBeLessThan(expected.length);
  await expect(map(page, device.name)).toHaveAttribute('data-stops', String(longer.length));
  await page.reload();
  await expect(map(page, device.name)).toHaveAttribute('data-stops', String(longer.length), DATA);
  await expect(page.getByRole('spinbutton', { name: 'Stop time' })).toHaveValue('20');
  await page.goBack();
  await expect(map(page, device.name)).toHaveAttribute('data-stops', String(expected.length), DATA);
  await expect(page.getByRole('spinbutton', { name: 'Stop time' })).toHaveValue('5');

  // The per-day summary has a row for each day with a trip or a stop.
  const days = page.getByRole('table', { name: /^Each day's distance/ });
  await expect(days.getByRole('row').nth(1)).toBeVisible();
});

test('fixes less accurate than allowed are left out and listed', async ({ signedIn: page, emulator, request }) => {
  const { device, fixes } = await trackedDevice(emulator, request);
  const worst = [...fixes.map((f) => f.accuracy)].sort((a, b) => a - b)[Math.floor(fixes.length / 2)];
  const left = fixes.filter((f) => f.accuracy > worst).length;
  expect(left).toBeGreaterThan(0);
  await page.goto(`devices/${device.id}/locations?range=all&max_accuracy=${worst}`);
  await expect(page.getByText(`${left} fix${left === 1 ? '' : 'es'} less accurate than the worst accuracy allowed`)).toBeVisible(DATA);
  const expected = referenceStops(fixes, 100, 5, worst);
  await expect(map(page, device.name)).toHaveAttribute('data-stops', String(expected.length));
});

test('the speed chart picks a fix, and the exports hold the trips and stops', async ({ signedIn: page, emulator, request }) => {
  const { device, fixes } = await trackedDevice(emulator, request);
  const stops = referenceStops(fixes, 100, 5, 200);
  await page.goto(`devices/${device.id}/locations?range=all`);
  await expect(map(page, device.name)).toHaveAttribute('data-stops', String(stops.length), DATA);

  const chart = page.getByRole('img', { name: /^Speed over time, up to \d+ km\/h/ });
  await expect(chart).toBeVisible();
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(10);
  await chart.click({ position: { x: 5, y: 20 } });
  await expect(map(page, device.name)).toHaveAttribute('data-selected', /./);
  const picked = await map(page, device.name).getAttribute('data-selected');
  await expect(page.locator('.speed-cursor')).toHaveCount(1);
  // Near the left edge: one of the oldest fixes.
  const sorted = [...fixes].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  expect(sorted.slice(0, fixes.length / 5).map((f) => f.id)).toContain(picked);

  const csv = await saveFrom(page, 'Trips CSV');
  expect(csv.name).toMatch(/-trips\.csv$/);
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('kind,start,end,duration_s,distance_m,average_kmh,top_kmh,latitude,longitude,why');
  const stopLines = lines.filter((l) => l.startsWith('stop,'));
  expect(stopLines).toHaveLength(stops.length);
  expect(stopLines[0].split(',')[1]).toBe(new Date(Date.parse(stops[0].arrival.timestamp)).toISOString().replace(/\.\d+Z$/, 'Z'));

  const gpx = await saveFrom(page, 'Trips GPX');
  expect(gpx.name).toMatch(/-trips\.gpx$/);
  expect(gpx.text.match(/<wpt /g) ?? []).toHaveLength(stops.length);
  const trips = lines.filter((l) => l.startsWith('trip,')).length;
  expect(gpx.text.match(/<trk>/g) ?? []).toHaveLength(trips);
});

test('the replay runs at the chosen speed and can leave the map where it is', async ({ signedIn: page, emulator, request }) => {
  const { device, fixes } = await trackedDevice(emulator, request);
  const oldest = fixes.reduce((a, b) => (Date.parse(a.timestamp) < Date.parse(b.timestamp) ? a : b));
  await page.goto(`devices/${device.id}/locations?range=all`);
  await expect(map(page, device.name)).toHaveAttribute('data-fixes', /\d+/, DATA);
  const speeds = page.getByRole('group', { name: 'Replay speed' });
  await expect(speeds.getByRole('button', { name: '1×' })).toHaveAttribute('aria-pressed', 'true');
  await speeds.getByRole('button', { name: '60×' }).click();
  await expect(speeds.getByRole('button', { name: '60×' })).toHaveAttribute('aria-pressed', 'true');
  const follow = page.getByRole('checkbox', { name: 'Follow on the map' });
  await expect(follow).toBeChecked();
  await follow.uncheck();
  const slider = page.getByRole('slider', { name: 'Replay position' });
  await slider.fill('0');
  await expect(map(page, device.name)).toHaveAttribute('data-selected', oldest.id);
  const centre = () => page.evaluate(() => {
    const pane = document.querySelector('.leaflet-map-pane') as HTMLElement;
    return pane.style.transform;
  });
  const still = await centre();
  await page.getByRole('button', { name: 'Play' }).click();
  // An hour of the track a second: many fixes in a moment.
  await expect.poll(async () => Number(await slider.inputValue()), { timeout: 5_000 }).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(await centre()).toBe(still);
});
