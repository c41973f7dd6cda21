// Where the API key could leak, and whether names from the API can run as code.
import { test, expect, signIn, startEmulator, API_KEY, Emulator, allPages } from './fixtures';
import type { APIRequestContext, Page, Download } from '@playwright/test';

// A 1×1 PNG for map tiles: no network needed, and tile requests are still seen.
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

async function serveTiles(page: Page) {
  await page.route('https://*.openstreetmap.org/**', (route) => route.fulfill({ contentType: 'image/png', body: TILE }));
}

/** Devices with at least one fix, from the first 30. */
async function trackedDevices(emulator: Emulator, request: APIRequestContext, count: number) {
  const devices = (await emulator.api(request, 'device?limit=30')).data as any[];
  const out: any[] = [];
  for (const d of devices) {
    if ((await emulator.api(request, `devicelocation/${d.id}?limit=1`)).total > 10) out.push(d);
    if (out.length === count) return out;
  }
  throw new Error('not enough tracked devices');
}

// ---------------------------------------------------------------------------
// (a) The key never leaks
// ---------------------------------------------------------------------------

test('a full session never shows or stores the API key outside session storage and API URLs', async ({ page, context, emulator, request }) => {
  test.setTimeout(150_000);
  const key = API_KEY;
  const stem = key.slice(0, -4); // the key without the last four (what the mask shows)
  expect(stem.length).toBeGreaterThan(8);
  const leaks = (text: string | null | undefined) => !!text && (text.includes(key) || text.includes(stem)
    || text.includes(encodeURIComponent(stem)));
  const found: string[] = [];
  const check = (where: string, what: string, text: string | null | undefined) => {
    if (leaks(text)) found.push(`${where}: ${what}: ${String(text).slice(0, 300)}`);
  };

  const navigated: string[] = [];
  page.on('framenavigated', (f) => navigated.push(f.url()));
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}\n${e.stack ?? ''}`));
  const headerChecks: Promise<void>[] = [];
  const apiReferers: string[] = [];
  const otherRequests: string[] = [];
  page.on('request', (r) => {
    const isApi = r.url().includes('/api/v1/');
    headerChecks.push(r.allHeaders().then((h) => {
      const referer = h['referer'];
      if (isApi) {
        if (referer) apiReferers.push(`${r.url()} <- ${referer}`);
      } else {
        otherRequests.push(r.url());
        check('request', `Referer of ${r.url()}`, referer);
        check('request', 'URL of a non-API request', r.url());
      }
    }).catch(() => {}));
  });
  await serveTiles(page);

  const device = (await trackedDevices(emulator, request, 1))[0];
  const user = (await emulator.api(request, `user/${device.userId}`)).data;
  const group = (await emulator.api(request, `group/${user.groupId}`)).data;
  const steps: string[] = [];

  async function scan(where: string) {
    steps.push(where);
    check(where, 'page URL', page.url());
    const state = await page.evaluate(() => ({
      href: location.href,
      historyLength: history.length,
      historyState: JSON.stringify(history.state),
      local: JSON.stringify(Object.entries(localStorage)),
      cookie: document.cookie,
      name: window.name,
      title: document.title,
      html: document.documentElement.outerHTML,
      // Values typed into fields are properties, not attributes: read them too.
      values: [...document.querySelectorAll('input, textarea, select')].map((e) => (e as HTMLInputElement).value).join('\n'),
    }));
    check(where, 'location.href', state.href);
    check(where, 'history.state', state.historyState);
    check(where, 'localStorage', state.local);
    check(where, 'document.cookie', state.cookie);
    check(where, 'window.name', state.name);
    check(where, 'document.title', state.title);
    check(where, 'DOM (outerHTML)', state.html);
    check(where, 'field values', state.values);
    check(where, 'context cookies', JSON.stringify(await context.cookies()));
    expect(state.historyLength).toBeGreaterThan(0);
  }

  await signIn(page, key);
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
  await expect(page.getByText('Key ••••WXYZ')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible({ timeout: 20_000 });
  await scan('Groups');

  await page.getByRole('table', { name: 'Groups' }).getByRole('link', { name: group.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible({ timeout: 20_000 });
  await scan('a group');

  await page.goto(`users/${user.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `${user.firstName} ${user.lastName}` })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('link', { name: device.name, exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: device.name })).toBeVisible({ timeout: 20_000 });
  await scan('a user, then a device');
  await expect(page.getByRole('region', { name: `Map of ${device.name}'s latest location` })).toHaveAttribute('data-fixes', '1', { timeout: 20_000 });
  await scan('a device with its latest location');

  await page.getByRole('link', { name: 'Show all locations' }).click();
  const map = page.getByRole('region', { name: `Map of ${device.name}'s locations` });
  await expect(map).toHaveAttribute('data-fixes', /^\d+$/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await expect.poll(() => map.locator('img.leaflet-tile-loaded').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.getByRole('table', { name: /Fixes/ }).getByRole('row').nth(1).getByRole('button').click();
  await expect(page.locator('.leaflet-popup')).toContainText(device.name);
  await scan('the locations page with the map and a popup');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map', exact: true }).click();
  // The map is there from the first fix; the table once every fix is in.
  await expect(page.getByRole('table', { name: 'Devices by latest fix, newest first' })).toBeVisible({ timeout: 60_000 });
  await scan('the fleet map');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups', exact: true }).click();
  await page.getByRole('link', { name: 'New group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible();
  await scan('the New group form');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await scan('signed out');
  expect(await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)))).not.toContain(stem);

  for (const url of navigated) check('navigation', 'a URL the tab visited', url);
  for (const line of consoleLines) check('console', 'a console message', line);
  await Promise.all(headerChecks);

  expect(steps).toHaveLength(8);
  expect(navigated.length).toBeGreaterThan(2);
  expect(otherRequests.some((u) => u.includes('openstreetmap'))).toBe(true); // tiles were asked for
  // API requests carry the key in their URL by design: they are sent without a Referer.
  expect(apiReferers).toEqual([]);
  expect(found).toEqual([]);
});

// ---------------------------------------------------------------------------
// (b) Names from the API are text, never markup or code
// ---------------------------------------------------------------------------

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '"><script>window.__xss=2</script>',
  'javascript:window.__xss=3',
  '<svg onload=window.__xss=4>',
  '{{7*7}}',
  "'--",
  '</title><iframe src="javascript:window.__xss=5"></iframe>',
  '<a href="javascript:window.__xss=6">x</a>&amp;&lt;b&gt;',
];

type Guard = { dialogs: string[]; violations: string[]; hits: string[]; popups: string[] };

/** Records dialogs, CSP violations, any write to window.__xss and new windows. */
async function guard(page: Page): Promise<Guard> {
  const g: Guard = { dialogs: [], violations: [], hits: [], popups: [] };
  page.on('dialog', async (d) => { g.dialogs.push(d.message()); await d.dismiss().catch(() => {}); });
  page.context().on('page', (p) => g.popups.push(p.url()));
  await page.exposeFunction('__reportViolation', (v: string) => { g.violations.push(v); });
  await page.exposeFunction('__reportXss', (v: string) => { g.hits.push(v); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__reportViolation(`${e.effectiveDirective} ${e.blockedURI} ${e.sample} @ ${location.pathname}`);
    }, true);
    let value: unknown;
    Object.defineProperty(window, '__xss', {
      configurable: false,
      get: () => value,
      set: (v) => { value = v; (window as any).__reportXss(String(v)); },
    });
  });
  await serveTiles(page);
  return g;
}

/** Nothing ran, and nothing the payloads carry exists as an element or a handler. */
async function expectInert(page: Page, g: Guard, where: string) {
  const found = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const name of el.getAttributeNames()) {
        const value = el.getAttribute(name) ?? '';
        if (name.startsWith('on')) bad.push(`<${el.tagName} ${name}="${value}">`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name) && /^\s*javascript:/i.test(value)) {
          bad.push(`<${el.tagName} ${name}="${value}">`);
        }
      }
      if (el.tagName === 'SCRIPT' && /__xss/.test(el.textContent ?? '')) bad.push('<script> with __xss');
      if (el.tagName === 'IFRAME') bad.push('<iframe>');
    }
    return { bad, xss: (window as any).__xss };
  });
  expect(found.xss, where).toBeUndefined();
  expect(found.bad, where).toEqual([]);
  await expect(page.locator('img[src="x"]'), where).toHaveCount(0);
  await expect(page.locator('svg[onload]'), where).toHaveCount(0);
  await expect(page.locator('script', { hasText: '__xss' }), where).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:"]'), where).toHaveCount(0);
  expect(g.hits, where).toEqual([]);
  expect(g.dialogs, where).toEqual([]);
  expect(g.violations, where).toEqual([]);
  expect(g.popups, where).toEqual([]);
  await expect(page.getByText('Something broke')).toHaveCount(0);
}

async function readDownload(download: Download) {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** RFC 4180. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

test.describe('markup and script in names from the API stay text', () => {
  let emu: Emulator;
  const groups: { id: string; name: string }[] = [];
  const users: { id: string; name: string; payload: string; groupId: string }[] = [];
  const devices: { id: string; name: string; userId: string }[] = [];

  test.beforeAll(async ({ playwright }) => {
    test.setTimeout(90_000);
    emu = await startEmulator();
    const api = await playwright.request.newContext();
    const put = async (item: string, form: Record<string, string>) => {
      const res = await api.put(`${emu.apiBase}/${emu.key}/${item}`, { form });
      const body = await res.json();
      expect(body.success, `PUT ${item} ${JSON.stringify(form)}: ${JSON.stringify(body)}`).toBe(true);
      return String(body.data);
    };
    const post = async (item: string, id: string, form: Record<string, string>) => {
      const res = await api.post(`${emu.apiBase}/${emu.key}/${item}/${id}`, { form });
      const body = await res.json();
      expect(body.success, `POST ${item}/${id}: ${JSON.stringify(body)}`).toBe(true);
    };
    for (const [i, payload] of PAYLOADS.entries()) {
      const id = await put('group', { name: payload, description: `About ${payload}` });
      groups.push({ id, name: payload });
      const uid = await put('user', { groupId: id, firstName: payload, lastName: `Tester${i}` });
      users.push({ id: uid, name: `${payload} Tester${i}`, payload, groupId: id });
    }
    const tracked = await trackedDevices(emu, api, PAYLOADS.length);
    for (const [i, d] of tracked.entries()) {
      await post('device', d.id, { name: PAYLOADS[i] });
      devices.push({ id: d.id, name: PAYLOADS[i], userId: d.userId });
    }
    // The server stored every payload verbatim.
    const stored = (await emu.api(api, `device/${devices[0].id}`)).data;
    expect(stored.name).toBe(PAYLOADS[0]);
    await api.dispose();
  });

  test.afterAll(async () => {
    await emu?.stop();
  });

  const go = (page: Page, path: string) => page.goto(`${emu.portal}${path}`);

  test('Groups list and group pages: breadcrumbs, heading, fields', async ({ page }) => {
    test.setTimeout(120_000);
    const g = await guard(page);
    await signIn(page, emu.key, `${emu.portal}sign-in`);
    const table = page.getByRole('table', { name: 'Groups' });
    for (const group of groups) {
      await expect(table.getByRole('link', { name: group.name, exact: true })).toHaveText(group.name, { timeout: 20_000 });
    }
    await expectInert(page, g, 'Groups list');
    for (const group of groups) {
      await go(page, `groups/${group.id}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(group.name, { timeout: 20_000 });
      await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).locator('[aria-current="page"]')).toHaveText(group.name);
      await expect(page.getByText(`About ${group.name}`, { exact: true })).toBeVisible();
      // Its user, listed on the group page.
      const user = users.find((u) => u.groupId === group.id)!;
      await expect(page.getByRole('table', { name: 'Users' }).getByRole('link', { name: user.name, exact: true })).toHaveText(user.name, { timeout: 20_000 });
      await expectInert(page, g, `group page ${group.name}`);
    }
  });

  test('users list and user pages', async ({ page }) => {
    test.setTimeout(120_000);
    const g = await guard(page);
    await signIn(page, emu.key, `${emu.portal}sign-in`);
    await go(page, 'users?limit=100');
    const table = page.getByRole('table', { name: 'Users' });
    await expect(table).toBeVisible({ timeout: 20_000 });
    const total = (await emu.api(page.request, 'user?limit=1')).total;
    if (total > 100) await go(page, `users?limit=100&page=${Math.ceil(total / 100)}`);
    for (const user of users) {
      await expect(table.getByRole('link', { name: user.name, exact: true })).toHaveText(user.name, { timeout: 20_000 });
    }
    await expectInert(page, g, 'users list');
    for (const user of users) {
      await go(page, `users/${user.id}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(user.name, { timeout: 20_000 });
      const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
      await expect(crumbs.locator('[aria-current="page"]')).toHaveText(user.name);
      await expect(crumbs.getByRole('link').nth(1)).toHaveText(user.payload); // its group
      await expectInert(page, g, `user page ${user.name}`);
    }
  });

  test('devices list, device pages, and a toast for a rename in the UI', async ({ page }) => {
    test.setTimeout(150_000);
    const g = await guard(page);
    await signIn(page, emu.key, `${emu.portal}sign-in`);
    const listed = await allPages(emu, page.request, 'device');
    const table = page.getByRole('table', { name: 'Devices' });
    for (const pageNo of new Set(devices.map((d) => Math.floor(listed.findIndex((x) => x.id === d.id) / 100) + 1))) {
      await go(page, `devices?limit=100&page=${pageNo}`);
      await expect(table).toBeVisible({ timeout: 20_000 });
      for (const d of devices.filter((d) => Math.floor(listed.findIndex((x) => x.id === d.id) / 100) + 1 === pageNo)) {
        await expect(table.getByRole('link', { name: d.name, exact: true })).toHaveText(d.name, { timeout: 20_000 });
      }
      await expectInert(page, g, `devices list page ${pageNo}`);
    }
    for (const d of devices) {
      await go(page, `devices/${d.id}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(d.name, { timeout: 20_000 });
      await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).locator('[aria-current="page"]')).toHaveText(d.name);
      await expect(page.getByRole('region', { name: `Map of ${d.name}'s latest location` })).toHaveAttribute('data-fixes', '1', { timeout: 20_000 });
      await expect(page.getByLabel('Device name')).toHaveValue(d.name);
      await expectInert(page, g, `device page ${d.name}`);
    }

    // Rename one device in the UI to each payload in turn: the toast and the page show it as text.
    const target = devices[0];
    await go(page, `devices/${target.id}`);
    let current = target.name;
    for (const payload of [...PAYLOADS.slice(1), PAYLOADS[0]]) {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(current, { timeout: 20_000 });
      await page.getByLabel('Device name').fill(payload);
      await expect(page.getByRole('form', { name: 'Rename' }).locator('.change-preview li')).toHaveText(`Device name: “${current}” → “${payload}”`);
      await page.getByRole('button', { name: 'Save name' }).click();
      await expect(page.locator('.toast').filter({ hasText: `Device renamed to “${payload}”.` }).last())
        .toHaveText(`Device renamed to “${payload}”.`, { timeout: 20_000 });
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(payload, { timeout: 20_000 });
      await expectInert(page, g, `toast for ${payload}`);
      current = payload;
    }
  });

  test('locations pages: heading, map label, popup, and the GeoJSON/GPX/CSV exports', async ({ page }) => {
    test.setTimeout(180_000);
    const g = await guard(page);
    await signIn(page, emu.key, `${emu.portal}sign-in`);
    // Fix ids carrying the payloads (and spreadsheet formulas) for the CSV's id column.
    const hostileIds = [...PAYLOADS, '=HYPERLINK("http://evil.example","x")', '+1+1', '@SUM(A1)', 'a,b"c'];
    const csvCell = (s: string) => (/^[=+\-@\t\r]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s);
    for (const [i, d] of devices.entries()) {
      const rewrite = i === 0;
      const locationsOf = (url: URL) => url.pathname.endsWith(`/devicelocation/${d.id}`);
      if (rewrite) {
        await page.route(locationsOf, async (route) => {
          const response = await route.fetch();
          const body = await response.json();
          if (new URL(route.request().url()).searchParams.get('page') === '1' && Array.isArray(body.data)) {
            hostileIds.forEach((id, k) => { if (body.data[k]) body.data[k].id = id; });
          }
          await route.fulfill({ response, json: body });
        });
      }
      await go(page, `devices/${d.id}/locations?range=all`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Locations of ${d.name}`, { timeout: 30_000 });
      const map = page.getByRole('region', { name: `Map of ${d.name}'s locations` });
      await expect(map).toHaveAttribute('data-fixes', /^[1-9]\d*$/, { timeout: 30_000 });
      await page.getByRole('table', { name: /Fixes/ }).getByRole('row').nth(1).getByRole('button').click();
      const popup = page.locator('.leaflet-popup');
      await expect(popup).toContainText(d.name);
      await expect(popup.locator('img, script, svg, iframe, a[href^="javascript:"]')).toHaveCount(0);
      await expectInert(page, g, `locations of ${d.name}`);

      const save = async (name: string) => {
        const download = page.waitForEvent('download');
        await page.getByRole('group', { name: 'Export the shown fixes' }).getByRole('button', { name }).click();
        const file = await download;
        expect(file.suggestedFilename()).toMatch(/^[\p{L}\p{N}-]+\.(geojson|gpx|csv)$/u);
        return readDownload(file);
      };
      const geo = JSON.parse(await save('GeoJSON'));
      expect(geo.features[0].geometry.type).toBe('LineString');
      expect(geo.features[0].properties.name).toBe(d.name);
      const gpx = await save('GPX');
      expect(gpx).toContain(`<name>${xmlEscape(d.name)}</name>`);
      expect(gpx.match(/<name>/g)).toHaveLength(1);
      expect(gpx).not.toMatch(/<(img|script|svg|iframe|a)[\s>]/i);
      const csv = parseCsv(await save('CSV'));
      expect(csv[0]).toEqual(['time', 'latitude', 'longitude', 'accuracy_m', 'id']);
      expect(new Set(csv.map((r) => r.length))).toEqual(new Set([5]));
      if (rewrite) {
        const ids = csv.slice(1).map((r) => r[4]);
        const pointIds = geo.features.filter((f: any) => f.geometry.type === 'Point').map((f: any) => f.properties.id);
        for (const id of hostileIds) {
          expect(ids, `CSV id ${id}`).toContain(csvCell(id));
          expect(pointIds, `GeoJSON id ${id}`).toContain(id);
        }
        await page.unroute(locationsOf);
      }
      await expectInert(page, g, `exports of ${d.name}`);
    }
  });

  test('the fleet map table', async ({ page }) => {
    test.setTimeout(150_000);
    const g = await guard(page);
    await signIn(page, emu.key, `${emu.portal}sign-in`);
    const table = page.getByRole('table', { name: 'Devices by latest fix, newest first' });
    for (const userId of new Set(devices.map((d) => d.userId))) {
      await go(page, `map?user=${userId}`);
      await expect(table).toBeVisible({ timeout: 30_000 });
      for (const d of devices.filter((d) => d.userId === userId)) {
        await expect(table.getByRole('link', { name: d.name, exact: true })).toHaveText(d.name);
      }
      await expectInert(page, g, `fleet map of ${userId}`);
    }
    // The whole fleet, every row shown.
    await go(page, 'map');
    await expect(table).toBeVisible({ timeout: 60_000 });
    const shown = new Set<string>();
    const next = page.getByRole('button', { name: 'Next page' });
    for (;;) {
      for (const text of await table.getByRole('link').allTextContents()) shown.add(text);
      if (await next.isDisabled()) break;
      await next.click();
    }
    for (const d of devices) expect(shown).toContain(d.name);
    await expectInert(page, g, 'fleet map of all devices');
  });

  /** Groups with `ids` (through interception): each link and each request keeps its id as one segment. */
  async function openHostileIds(page: Page, ids: string[]) {
    const g = await guard(page);
    await signIn(page, emu.key, `${emu.portal}sign-in`);
    const fake = ids.map((id, i) => ({ id, name: `Hostile id ${i}`, description: id }));
    const asked: string[] = [];
    await page.route('**/api/v1/**', (route) => {
      const url = new URL(route.request().url());
      const parts = url.pathname.split('/');
      // ['', 'api', 'v1', KEY, 'group', ID?]
      if (parts[4] !== 'group') return route.fallback();
      if (parts.length === 5) {
        if (url.searchParams.get('limit') === '1') return route.fallback();
        return route.fulfill({ json: { success: true, data: fake, page: 1, total: fake.length } });
      }
      asked.push(url.pathname);
      const id = decodeURIComponent(parts.slice(5).join('/'));
      const group = fake.find((f) => f.id === id);
      return route.fulfill({ json: group ? { success: true, data: group } : { success: false, error: `No group with id '${id}'` } });
    });
    await page.goto(`${emu.portal}groups`);
    const table = page.getByRole('table', { name: 'Groups' });
    await expect(table.getByRole('link', { name: 'Hostile id 0', exact: true })).toBeVisible({ timeout: 20_000 });
    await expectInert(page, g, 'groups with hostile ids');
    for (const [i, f] of fake.entries()) {
      const link = table.getByRole('link', { name: f.name, exact: true });
      const href = await link.getAttribute('href');
      const resolved = new URL(href!, emu.portal);
      expect(resolved.origin).toBe(new URL(emu.portal).origin);
      const parts = resolved.pathname.split('/');
      expect(parts, href!).toHaveLength(3);
      expect(parts[1]).toBe('groups');
      expect(decodeURIComponent(parts[2])).toBe(f.id);
      expect(resolved.search + resolved.hash).toBe('');
      await link.click();
      await expect(page.getByRole('heading', { level: 1 }), `id ${JSON.stringify(f.id)}`).toHaveText(f.name, { timeout: 20_000 });
      const last = asked[asked.length - 1].split('/');
      expect(last, `request for id ${i}`).toHaveLength(6);
      expect(decodeURIComponent(last[5])).toBe(f.id);
      await expectInert(page, g, `group page for id ${f.id}`);
      await page.goBack();
      await expect(table.getByRole('link', { name: 'Hostile id 0', exact: true })).toBeVisible({ timeout: 20_000 });
    }
  }

  test('hostile identifiers stay one path segment in links and requests', async ({ page }) => {
    test.setTimeout(120_000);
    await openHostileIds(page, [...PAYLOADS.slice(0, 4), 'a/b?c#d', '../../../x', 'ünï cødé', 'a b\\c;d=e&f+g']);
  });

  // An id is escaped once in links and must be decoded once: the router's params
  // decode it twice, so pages read the id from the path (`paths::id_segment`).
  test('identifiers with a percent sign are decoded exactly once', async ({ page }) => {
    test.setTimeout(90_000);
      await openHostileIds(page, ['plain', '%2e%2e', '50%25', '%41%42']);
  });
});
