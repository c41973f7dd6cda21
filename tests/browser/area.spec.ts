// Who was here: an area drawn on the map, the request count asked before the
// walk, the devices found checked against every track read straight from the
// API, the minimum stay, the CSV, the link to a device's track, and Cancel
// in the middle of the walk.
import { test, expect, Emulator, allPages } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

type Fix = { id: string; latitude: number; longitude: number; accuracy: number; timestamp: string };
type Tracked = { device: any; fixes: Fix[] };

const DATA = { timeout: 30_000 };
const GAP_MS = 30 * 60_000;
const MAX_ACCURACY = 200;

async function everyTrack(emulator: Emulator, request: APIRequestContext): Promise<Tracked[]> {
  const devices = await allPages(emulator, request, 'device');
  const out: Tracked[] = [];
  for (const device of devices) {
    out.push({ device, fixes: await allPages(emulator, request, `devicelocation/${device.id}`) });
  }
  return out;
}

function metres(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const r = 6_371_008.8, rad = Math.PI / 180;
  const dlat = (b.lat - a.lat) * rad, dlng = (b.lng - a.lng) * rad;
  const h = Math.sin(dlat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dlng / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** `c:lat,lng,radius` as the page writes it. */
function circle(area: string) {
  const m = area.match(/^c:(-?[\d.]+),(-?[\d.]+),(\d+)$/);
  if (!m) throw new Error(`not a circle: ${area}`);
  return { lat: Number(m[1]), lng: Number(m[2]), radius: Number(m[3]) };
}

/** The page's rule: runs of accurate fixes inside, split by a silence
 *  longer than the track's gap; visits shorter than the minimum stay dropped. */
function visitsInside(fixes: Fix[], area: ReturnType<typeof circle>, minStayMs = 0) {
  const sorted = fixes.filter((f) => !(f.accuracy > MAX_ACCURACY) && Number.isFinite(f.latitude))
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const visits: { first: Fix; last: Fix }[] = [];
  let open = false, last: number | null = null;
  for (const f of sorted) {
    const t = Date.parse(f.timestamp);
    const inside = metres(area, { lat: f.latitude, lng: f.longitude }) <= area.radius;
    const silence = last !== null && t - last > GAP_MS;
    if (inside) {
      if (open && !silence) visits[visits.length - 1].last = f;
      else visits.push({ first: f, last: f });
    }
    open = inside;
    last = t;
  }
  return visits.filter((v) => Date.parse(v.last.timestamp) - Date.parse(v.first.timestamp) >= minStayMs);
}

const areaMap = (page: Page) => page.getByRole('region', { name: 'Map of the area' });
const results = (page: Page) => page.getByRole('table', { name: /^Devices inside the area/ });
const dataRows = (page: Page) => results(page).locator('tbody tr');

async function drawCircleAround(page: Page, dx: number) {
  const map = areaMap(page);
  await page.getByRole('button', { name: 'Draw a circle' }).click();
  await expect(map).toHaveAttribute('data-drawing', 'circle');
  const box = (await map.boundingBox())!;
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.click(cx, cy);
  await expect(page.getByText("Click a point on the circle's edge.")).toBeVisible();
  await page.mouse.move(cx + dx / 2, cy);
  await page.mouse.click(cx + dx, cy);
  await expect(map).not.toHaveAttribute('data-drawing', /./);
  await expect(map).toHaveAttribute('data-area', /^c:/);
  return circle((await map.getAttribute('data-area'))!);
}

async function csvOf(page: Page) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  const chunks: Buffer[] = [];
  for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim().split(/\r?\n/);
}

test('an area drawn on the map finds exactly the devices whose tracks entered it', async ({ signedIn: page, emulator, request }) => {
  const tracks = await everyTrack(emulator, request);
  const busiest = tracks.reduce((a, b) => (b.fixes.length > a.fixes.length ? b : a));
  const centreFix = busiest.fixes[Math.floor(busiest.fixes.length / 2)];
  // Open the page centred near a known fix: the typed circle puts the map there.
  await page.goto('map/area?range=all');
  await expect(page.getByRole('button', { name: 'Find devices' })).toBeDisabled();
  await page.getByLabel('Centre latitude').fill(String(centreFix.latitude));
  await page.getByLabel('Centre longitude').fill(String(centreFix.longitude));
  await page.getByLabel('Radius (m)').fill('5');
  await page.getByRole('button', { name: 'Use this area' }).click();
  await expect(page.getByRole('alert')).toContainText('The radius must be from 10 m');
  await expect(page.getByLabel('Centre latitude')).toHaveValue(String(centreFix.latitude));
  await page.getByLabel('Radius (m)').fill('3000');
  await page.getByRole('button', { name: 'Use this area' }).click();
  await expect(page).toHaveURL(/area=c%3A/);
  await expect(areaMap(page)).toHaveAttribute('data-area', /^c:.*,3000$/);

  // Then a circle drawn with two clicks replaces it, and lands in the URL.
  const area = await drawCircleAround(page, 60);
  expect(area.radius).toBeGreaterThanOrEqual(10);
  await expect(page).toHaveURL(new RegExp(`area=${encodeURIComponent(`c:${area.lat},${area.lng},${area.radius}`)}`));
  await expect(page.getByLabel('Radius (m)')).toHaveValue(String(area.radius));

  const expected = tracks
    .map((t) => ({ ...t, visits: visitsInside(t.fixes, area) }))
    .filter((t) => t.visits.length > 0);
  expect(expected.length).toBeGreaterThan(0);
  const fixes = tracks.reduce((n, t) => n + t.fixes.length, 0);
  const more = tracks.reduce((n, t) => n + Math.max(1, Math.ceil(t.fixes.length / 100)) - 1, 0);

  // The count is said, and asked, before the walk.
  await page.getByRole('button', { name: 'Find devices' }).click();
  const confirm = page.getByRole('group', { name: 'Start the search?' });
  await expect(confirm).toContainText(`All devices: ${tracks.length} devices with ${fixes.toLocaleString('en-US')} fixes in all.`, DATA);
  await expect(confirm).toContainText(`takes ${more.toLocaleString('en-US')} more request`);
  const asked: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/devicelocation/')) asked.push(r.url()); });
  await confirm.getByRole('button', { name: /^Start the search/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Searched / }))
    .toContainText(`Searched ${tracks.length} devices: ${expected.length} ${expected.length === 1 ? 'was' : 'were'} inside a circle of`, DATA);
  expect(asked.length).toBe(more);
  expect(asked.every((u) => !/[?&]page=1(&|$)/.test(u))).toBe(true);

  // Exactly those devices, earliest entry first, and their map marks.
  await expect(dataRows(page)).toHaveCount(expected.length);
  const byEntry = [...expected].sort((a, b) => Date.parse(a.visits[0].first.timestamp) - Date.parse(b.visits[0].first.timestamp));
  const names = await dataRows(page).evaluateAll((rows) => rows.map((r) => (r as HTMLTableRowElement).cells[0].textContent!.trim()));
  expect(names).toEqual(byEntry.map((t) => t.device.name));
  await expect(areaMap(page)).toHaveAttribute('data-found', String(expected.length));

  // The CSV holds the same devices, entries, exits and visit counts.
  const csv = await csvOf(page);
  expect(csv[0]).toBe('Device,First entry,Last exit,Time inside,Visits,Track read');
  expect(csv).toHaveLength(expected.length + 1);
  for (const [i, t] of byEntry.entries()) {
    const cells = csv[i + 1].split(',');
    expect(cells[0]).toBe(t.device.name);
    expect(Date.parse(cells[1])).toBe(Date.parse(t.visits[0].first.timestamp));
    expect(Date.parse(cells[2])).toBe(Date.parse(t.visits[t.visits.length - 1].last.timestamp));
    expect(Number(cells[4])).toBe(t.visits.length);
  }

  // A minimum stay drops the devices that only passed through, and back.
  const stay = 10;
  const stayed = tracks.filter((t) => visitsInside(t.fixes, area, stay * 60_000).length > 0);
  await page.getByLabel('Minimum stay (minutes)').fill(String(stay));
  await expect(page).toHaveURL(new RegExp(`stay=${stay}`));
  await expect(dataRows(page)).toHaveCount(stayed.length);
  await page.getByLabel('Minimum stay (minutes)').fill('2000');
  await expect(page.getByRole('alert')).toContainText('Enter whole minutes from 0 to 1440.');
  await expect(dataRows(page)).toHaveCount(stayed.length);
  await page.getByLabel('Minimum stay (minutes)').fill('0');
  await expect(dataRows(page)).toHaveCount(expected.length);

  // A device opens its track around the visit, with the area drawn and the first fix inside selected.
  const first = byEntry[0];
  await results(page).getByRole('link', { name: first.device.name, exact: true }).click();
  const track = page.getByRole('region', { name: `Map of ${first.device.name}'s locations` });
  await expect(track).toHaveAttribute('data-area', `c:${area.lat},${area.lng},${area.radius}`, DATA);
  await expect(track).toHaveAttribute('data-selected', first.visits[0].first.id);
  await expect(page).toHaveURL(/range=custom/);
});

test('Cancel in the middle of the walk keeps what was found and says the results are partial', async ({ signedIn: page, emulator, request }) => {
  const tracks = await everyTrack(emulator, request);
  const long = tracks.filter((t) => t.fixes.length > 100);
  expect(long.length).toBeGreaterThan(0);
  // The tracks' later pages answer slowly, so the walk is still going when Cancel is pressed.
  let later = 0;
  await page.route(/\/devicelocation\/.*[?&]page=([2-9]|\d\d+)/, async (route) => {
    later++;
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue().catch(() => {});
  });
  const f = long[0].fixes[0];
  await page.goto(`map/area?range=all&area=${encodeURIComponent(`c:${f.latitude},${f.longitude},50000`)}`);
  await page.getByRole('button', { name: 'Find devices' }).click();
  const confirm = page.getByRole('group', { name: 'Start the search?' });
  await confirm.getByRole('button', { name: /^Start the search/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /Reading tracks/ })).toBeVisible();
  await expect.poll(() => later).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  const outcome = page.getByRole('status').filter({ hasText: /^Cancelled after/ });
  await expect(outcome).toContainText(/Cancelled after \d+ of \d+ devices: the results are partial \(\d+ found inside so far\)\./);
  const text = (await outcome.textContent())!;
  const [, searched, total] = text.match(/after (\d+) of (\d+)/)!.map(Number);
  expect(searched).toBeLessThan(total);
  const found = Number(text.match(/\((\d+) found/)![1]);
  await expect(dataRows(page)).toHaveCount(found);
  // Nothing more is asked for once cancelled.
  const askedThen = later;
  await page.waitForTimeout(2_000);
  expect(later).toBe(askedThen);
  // A new search can start again.
  await expect(page.getByRole('button', { name: 'Find devices' })).toBeEnabled();
});

test('a group\'s devices are the scope, counted before the search', async ({ signedIn: page, emulator, request }) => {
  const groups = await allPages(emulator, request, 'group');
  let chosen: { group: any; devices: any[] } | null = null;
  for (const group of groups) {
    const users = await allPages(emulator, request, `user/${group.id}`);
    const devices = [];
    for (const u of users) devices.push(...await allPages(emulator, request, `device/${u.id}`));
    if (devices.length > 0) { chosen = { group, devices }; break; }
  }
  expect(chosen).not.toBeNull();
  await page.goto(`map?group=${chosen!.group.id}`);
  await page.getByRole('link', { name: 'Who was here…' }).click();
  await expect(page).toHaveURL(new RegExp(`map/area\\?group=${chosen!.group.id}`));
  await expect(page.getByRole('radio', { name: "A group's" })).toBeChecked();
  await page.getByLabel('Centre latitude').fill('51.5');
  await page.getByLabel('Centre longitude').fill('-0.12');
  await page.getByLabel('Radius (m)').fill('1000');
  await page.getByRole('button', { name: 'Use this area' }).click();
  await page.getByRole('button', { name: 'Find devices' }).click();
  await expect(page.getByRole('group', { name: 'Start the search?' }))
    .toContainText(`Devices in ${chosen!.group.name}: ${chosen!.devices.length} device`, DATA);
  await page.getByRole('group', { name: 'Start the search?' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('group', { name: 'Start the search?' })).toHaveCount(0);
  await page.getByRole('radio', { name: 'All devices' }).check();
  await expect(page).not.toHaveURL(/group=/);
});

test('a rectangle drawn from two corners is the area, in the URL and the fields', async ({ signedIn: page }) => {
  await page.goto('map/area?range=all&area=c%3A51.5%2C-0.12%2C3000');
  const map = areaMap(page);
  await expect(map).toHaveAttribute('data-area', 'c:51.5,-0.12,3000');
  await page.getByRole('button', { name: 'Draw a rectangle' }).click();
  await expect(map).toHaveAttribute('data-drawing', 'rect');
  await expect(page.getByText('Click one corner of the rectangle on the map')).toBeVisible();
  const box = (await map.boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.click(x - 40, y - 30);
  await expect(page.getByText('Click the opposite corner.')).toBeVisible();
  await page.mouse.click(x + 40, y + 30);
  await expect(map).toHaveAttribute('data-area', /^r:/);
  const [s, w, n, e] = (await map.getAttribute('data-area'))!.slice(2).split(',').map(Number);
  expect(s).toBeLessThan(n);
  expect(w).toBeLessThan(e);
  expect(s).toBeLessThan(51.5);
  expect(n).toBeGreaterThan(51.5);
  await expect(page).toHaveURL(/area=r%3A/);
  await expect(page.getByRole('radio', { name: 'Rectangle' })).toBeChecked();
  await expect(page.getByLabel('South')).toHaveValue(String(s));
  await expect(page.getByLabel('East')).toHaveValue(String(e));
  // Escape stops a drawing begun by mistake.
  await page.getByRole('button', { name: 'Draw a circle' }).click();
  await expect(map).toHaveAttribute('data-drawing', 'circle');
  await map.focus();
  await page.keyboard.press('Escape');
  await expect(map).not.toHaveAttribute('data-drawing', /./);
});
