import { test, expect, signIn, startEmulator } from './fixtures';
import type { Locator, Page } from '@playwright/test';

// Maps without tiles: when the tile server cannot be reached, or config.json
// sets "tileUrl": null, the built-in world map (Natural Earth land and
// borders, an asset of the build) is drawn under the data, and a note says so.

const TILES = 'https://tile.openstreetmap.org/**';
const ASSET = /\/basemap\/world-110m\.json$/;
// A 1×1 PNG, for the test where tiles do load.
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Tile requests fail as behind a proxy that refuses them; returns those asked for. */
async function refuseTiles(page: Page): Promise<string[]> {
  const asked: string[] = [];
  await page.route(TILES, (route) => {
    asked.push(route.request().url());
    return route.abort('connectionrefused');
  });
  return asked;
}

/** Requests that are not to the portal's own origin (tiles, whatever the server). */
function foreignRequests(page: Page, origin: string): string[] {
  const seen: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin)) seen.push(r.url()); });
  return seen;
}

/**
 * How much of the map's visible area the land covers: a 16×16 grid of points
 * over the map, each tested against the drawn land path. 0 if nothing is
 * drawn (no path, an empty one, or one outside the view).
 */
async function landShare(map: Locator): Promise<number> {
  const land = map.locator('.leaflet-basemap-pane path.world-land');
  await expect(land).toHaveCount(1);
  return land.evaluate((path: SVGPathElement) => {
    const fill = getComputedStyle(path).fill;
    if (!fill || fill === 'none' || getComputedStyle(path).visibility === 'hidden') return 0;
    const box = path.closest('.leaflet-container')!.getBoundingClientRect();
    const toPath = path.getScreenCTM()!.inverse();
    let inside = 0;
    const n = 16;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const p = new DOMPoint(box.left + ((i + 0.5) * box.width) / n, box.top + ((j + 0.5) * box.height) / n)
          .matrixTransform(toPath);
        if (path.isPointInFill(p)) inside++;
      }
    }
    return inside / (n * n);
  });
}

async function expectWorldMap(map: Locator, note: string) {
  await expect(map).toHaveAttribute('data-basemap', 'world', { timeout: 20_000 });
  const frame = map.locator('xpath=..');
  await expect(frame.getByRole('status').filter({ hasText: note })).toBeVisible();
  await expect(frame.getByRole('status').filter({ hasText: note })).toHaveText(note);
  // Drawn, not just there: the land covers part of the view, borders have a path.
  // (Leaflet clips the land to the view: zoomed in, its path is short.)
  await expect.poll(() => landShare(map)).toBeGreaterThan(0);
  await expect(map.locator('path.world-borders')).toHaveCount(1);
  // Under the data: the world map's pane is below the overlay pane.
  const z = await map.evaluate((el) => ['basemap', 'overlay'].map((p) =>
    Number(getComputedStyle(el.querySelector(`.leaflet-${p}-pane`)!).zIndex)));
  expect(z[0]).toBeLessThan(z[1]);
  await expect(map.locator('.leaflet-control-attribution')).toContainText('Natural Earth');
  await expect(map.locator('.leaflet-control-attribution')).not.toContainText('OpenStreetMap');
}

test('when tiles cannot be loaded, the fleet map draws the built-in world map under its devices', async ({ signedIn: page }) => {
  const asked = await refuseTiles(page);
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  const map = page.getByRole('region', { name: 'Fleet map' });
  await expect(map).toHaveAttribute('data-markers', /^[1-9]\d*$/, { timeout: 30_000 });
  await expectWorldMap(map, 'Map tiles could not be loaded: showing the built-in world map');
  await expect(map).toHaveAttribute('data-tiles', 'failed');
  expect(asked.length).toBeGreaterThan(0);
  // The tile layer is gone: panning asks the refusing server for nothing more.
  await expect(map.locator('img.leaflet-tile')).toHaveCount(0);
  const before = asked.length;
  const zoom = Number(await map.getAttribute('data-zoom'));
  await map.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(async () => Number(await map.getAttribute('data-zoom'))).toBe(zoom - 1);
  expect(asked.length).toBe(before);
  // A view of a continent or more: coasts, not a clipped box.
  expect((await map.locator('path.world-land').getAttribute('d'))!.length).toBeGreaterThan(1000);
  // The devices are still there, on top.
  await expect(map.locator('.leaflet-marker-icon.cluster').first()).toBeVisible();
});

test('with "tileUrl": null in config.json no tile is asked for and the map says tiles are off', async ({ page, emulator }) => {
  await page.route('**/config.json', (route) => route.fulfill({ json: { tileUrl: null } }));
  const foreign = foreignRequests(page, emulator.origin);
  await signIn(page, emulator.key);
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  const map = page.getByRole('region', { name: 'Fleet map' });
  await expect(map).toHaveAttribute('data-markers', /^[1-9]\d*$/, { timeout: 30_000 });
  await expectWorldMap(map, 'Map tiles are off: showing the built-in world map');
  await expect(map).toHaveAttribute('data-tiles', 'off');
  await map.getByRole('button', { name: 'Zoom in' }).click();
  await expect(map.locator('img.leaflet-tile')).toHaveCount(0);
  expect(foreign).toEqual([]);
});

test('the device maps show the world map too, fetched once', async ({ signedIn: page, emulator, request }) => {
  const asset: string[] = [];
  page.on('request', (r) => { if (ASSET.test(r.url())) asset.push(r.url()); });
  await refuseTiles(page);
  const devices = (await emulator.api(request, 'device?limit=20')).data;
  let device: any;
  for (const d of devices) {
    if ((await emulator.api(request, `devicelocation/${d.id}?limit=1`)).total > 0) { device = d; break; }
  }
  expect(device).toBeTruthy();
  await page.goto(`devices/${device.id}`);
  const latest = page.getByRole('region', { name: `Map of ${device.name}'s latest location` });
  await expect(latest).toHaveAttribute('data-fixes', '1');
  await expectWorldMap(latest, 'Map tiles could not be loaded: showing the built-in world map');

  await page.getByRole('link', { name: 'Show all locations' }).click();
  const track = page.getByRole('region', { name: `Map of ${device.name}'s locations` });
  await expect(track).toHaveAttribute('data-fixes', /^\d+$/, { timeout: 30_000 });
  await expectWorldMap(track, 'Map tiles could not be loaded: showing the built-in world map');
  // The track is still drawn on the data's one canvas, above the world map.
  await expect(track.locator('.leaflet-overlay-pane canvas')).toHaveCount(1);
  expect(asset).toHaveLength(1);
});

test('tiles that load keep the map as it was: no world map is fetched', async ({ signedIn: page }) => {
  const asset: string[] = [];
  page.on('request', (r) => { if (ASSET.test(r.url())) asset.push(r.url()); });
  await page.route(TILES, (route) => route.fulfill({ contentType: 'image/png', body: TILE }));
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  const map = page.getByRole('region', { name: 'Fleet map' });
  await expect(map).toHaveAttribute('data-markers', /^[1-9]\d*$/, { timeout: 30_000 });
  await expect.poll(() => map.locator('img.leaflet-tile-loaded').count()).toBeGreaterThan(0);
  await expect(map).not.toHaveAttribute('data-basemap');
  await expect(map).not.toHaveAttribute('data-tiles');
  await expect(page.getByText(/Map tiles (are off|could not be loaded)/)).toHaveCount(0);
  expect(asset).toEqual([]);
});

test('under a sub-path the world map is fetched from beside the portal', async ({ page }) => {
  const mounted = await startEmulator(['--mount', '/mdm']);
  try {
    await refuseTiles(page);
    const asset = page.waitForResponse(ASSET);
    await signIn(page, mounted.key, `${mounted.origin}/mdm/sign-in`);
    await page.goto(`${mounted.origin}/mdm/map`);
    const map = page.getByRole('region', { name: 'Fleet map' });
    await expect(map).toHaveAttribute('data-basemap', 'world', { timeout: 30_000 });
    const response = await asset;
    expect(response.url()).toBe(`${mounted.origin}/mdm/basemap/world-110m.json`);
    expect(response.status()).toBe(200);
  } finally {
    await mounted.stop();
  }
});
