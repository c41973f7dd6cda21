// The overview counts the fleet in the browser from every page: each count
// is checked against counts this test makes itself from the API.
import { test, expect, allPages, Emulator } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

/** Devices by a field, spelled as the first device spelled it, any case. */
function tally(devices: any[], field: string): Map<string, number> {
  const counts = new Map<string, number>();
  const spelling = new Map<string, string>();
  for (const d of devices) {
    const value = String(d[field] ?? '').trim();
    const key = value.toLowerCase();
    if (!spelling.has(key)) spelling.set(key, value);
    counts.set(spelling.get(key)!, (counts.get(spelling.get(key)!) ?? 0) + 1);
  }
  return counts;
}

async function fleet(emulator: Emulator, request: APIRequestContext) {
  return {
    devices: await allPages(emulator, request, 'device'),
    users: await allPages(emulator, request, 'user'),
    groups: await allPages(emulator, request, 'group'),
  };
}

const chart = (page: Page, title: string) => page.getByRole('figure', { name: title });

async function openOverview(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  // Every list read: the line under the title says when.
  await expect(page.getByText(/^Updated /)).toBeVisible({ timeout: 30_000 });
}

test('the overview counts platforms, OS versions, models, groups and check-ins as the API lists them', async ({ signedIn: page, emulator, request }) => {
  const { devices, users, groups } = await fleet(emulator, request);
  await openOverview(page);
  const totals = page.locator('.totals');
  await expect(totals.getByRole('link', { name: String(devices.length) })).toBeVisible();
  await expect(totals.getByRole('link', { name: String(users.length) })).toBeVisible();
  await expect(totals.getByRole('link', { name: String(groups.length) })).toBeVisible();

  for (const [platform, n] of tally(devices, 'platform')) {
    await expect(chart(page, 'Devices by platform').getByRole('link', { name: `${platform || 'Unknown'}: ${n}` })).toBeVisible();
    const versions = tally(devices.filter((d) => String(d.platform ?? '').toLowerCase() === platform.toLowerCase()), 'osVersion');
    for (const [version, m] of versions) {
      await expect(chart(page, `${platform || 'Unknown platform'} versions`).getByRole('link', { name: `${version || 'Unknown'}: ${m}`, exact: true })).toBeVisible();
    }
  }
  // Models: the ten commonest by name, then the rest together.
  const models = [...tally(devices, 'model')].sort((a, b) => b[1] - a[1]);
  const modelChart = chart(page, 'Devices by model');
  await expect(modelChart.getByRole('link', { name: `${models[0][0]}: ${models[0][1]}` })).toBeVisible();
  const rest = models.slice(10).reduce((n, [, m]) => n + m, 0);
  if (rest > 0) await expect(modelChart.getByLabel(`Other models: ${rest}`)).toBeVisible();
  // By owner's group: each group's devices, through its users.
  const groupOf = new Map(users.map((u) => [u.id, u.groupId]));
  for (const g of groups) {
    const n = devices.filter((d) => groupOf.get(d.userId) === g.id).length;
    if (n > 0) await expect(chart(page, "Devices by owner's group").getByRole('link', { name: `${g.name}: ${n}` })).toBeVisible();
  }
  // Check-ins: every device in one span; a device that never checked in is "Never".
  const never = devices.filter((d) => !d.lastCheckIn).length;
  await expect(chart(page, 'Last check-in').getByRole('link', { name: `Never: ${never}` })).toBeVisible();
  const spans = await chart(page, 'Last check-in').locator('.bar-count').allTextContents();
  expect(spans.map((t) => Number(t.replace(/,/g, ''))).reduce((a, b) => a + b, 0)).toBe(devices.length);
  // Each chart has its numbers as a table too.
  await chart(page, 'Devices by platform').getByRole('button', { name: 'Show as table' }).click();
  await expect(chart(page, 'Devices by platform').getByRole('table')).toBeVisible();
});

test('a bar opens the devices it counts, across every page, and the filter survives a reload', async ({ signedIn: page, emulator, request }) => {
  const devices = await allPages(emulator, request, 'device');
  const [platform, n] = [...tally(devices, 'platform')].sort((a, b) => b[1] - a[1])[0];
  await openOverview(page);
  await chart(page, 'Devices by platform').getByRole('link', { name: `${platform}: ${n}` }).click();
  await expect(page).toHaveURL(new RegExp(`/devices\\?platform=${platform}$`));
  const summary = page.getByText(`${n} of ${devices.length} devices match`);
  await expect(summary).toBeVisible({ timeout: 20_000 });
  const filters = page.getByRole('list', { name: 'Filters' });
  await expect(filters.getByRole('listitem')).toHaveText([`Platform: ${platform}×`]);
  const table = page.getByRole('table', { name: 'Devices' });
  for (const cell of await table.locator('tbody tr td:nth-child(3)').allTextContents()) {
    expect(cell.toLowerCase().startsWith(platform.toLowerCase())).toBe(true);
  }
  await page.reload();
  await expect(summary).toBeVisible({ timeout: 20_000 });
  // Removing the chip lists every device again.
  await filters.getByRole('button', { name: `Remove the filter Platform: ${platform}` }).click();
  await expect(page).toHaveURL(/\/devices$/);
  await expect(page.getByRole('list', { name: 'Filters' })).toHaveCount(0);
});

test('filters set in the form combine, and the export holds the filtered rows under the filter\'s name', async ({ signedIn: page, emulator, request }) => {
  const devices = await allPages(emulator, request, 'device');
  const ios = devices.filter((d) => d.platform === 'iOS');
  const version = ios[0].osVersion as string;
  const older = (a: string, b: string) => {
    const x = a.split('.').map(Number), y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) < (y[i] ?? -1);
    }
    return false;
  };
  const expected = ios.filter((d) => older(d.osVersion, version));
  await page.goto('devices');
  await page.getByText('Filter devices').click();
  await page.getByLabel('Platform').fill('iOS');
  await page.getByLabel('How the OS version compares').selectOption('before');
  await page.getByLabel('OS version', { exact: true }).fill(version);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`platform=iOS&os=${version.replace(/\./g, '\\.')}&os_op=before`));
  await expect(page.getByText(`${expected.length} of ${devices.length} devices match`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'Filters' }).getByRole('listitem')).toHaveText(['Platform: iOS×', `OS version: before ${version}×`]);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`devices-platform-ios-os-version-before-${version.replace(/\./g, '-')}.csv`);
  const chunks: Buffer[] = [];
  for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\r\n');
  expect(lines).toHaveLength(expected.length + 1);
  for (const d of expected) expect(lines.some((l) => l.startsWith(`${d.name},`) || l.startsWith(`"${d.name}",`))).toBe(true);
});

test('a list\'s filter form is built when its panel is first opened, and keeps what was typed while closed', async ({ signedIn: page }) => {
  await page.goto('devices');
  await expect(page.getByRole('table', { name: 'Devices' }).getByRole('row')).not.toHaveCount(0);
  // Closed, the panel holds no form: nothing of it is run before the rows.
  await expect(page.getByLabel('Platform')).toHaveCount(0);
  await page.getByText('Filter devices').click();
  await page.getByLabel('Platform').fill('iOS');
  await page.getByLabel('Model').fill('iPhone');
  await page.getByText('Filter devices').click();
  await expect(page.getByLabel('Platform')).toBeHidden();
  // Opened again from the keyboard: what was typed is still there.
  await page.getByText('Filter devices').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Platform')).toHaveValue('iOS');
  await expect(page.getByLabel('Model')).toHaveValue('iPhone');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/platform=iOS&model=iPhone/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row')).not.toHaveCount(0);
  await expect(page.getByLabel('Email domain')).toHaveCount(0);
  await page.getByText('Filter users').click();
  await expect(page.getByLabel('Email domain')).toBeVisible();
});

test('a page of devices that cannot be read is said so, never counted as none, and Retry reads it', async ({ signedIn: page, emulator, request }) => {
  const devices = await allPages(emulator, request, 'device');
  // The demo seed has more than one page of devices (100 a page).
  expect(devices.length).toBeGreaterThan(100);
  let refused = 0;
  const second = (url: URL) => /\/device$/.test(url.pathname) && url.searchParams.get('page') === '2' && url.searchParams.get('limit') === '100';
  await page.route(second, (route) => {
    refused++;
    return route.fulfill({ status: 400, contentType: 'application/json', body: '{"success":false,"error":"Page 2 is on fire"}' });
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '1 page of devices could not be read' });
  await expect(alert).toContainText('Page 2 is on fire');
  expect(refused).toBe(1);
  const spans = async () => (await chart(page, 'Last check-in').locator('.bar-count').allTextContents())
    .map((t) => Number(t.replace(/,/g, ''))).reduce((a, b) => a + b, 0);
  await expect.poll(spans).toBe(100);
  await page.unroute(second);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(alert).toHaveCount(0);
  await expect.poll(spans).toBe(devices.length);
});

test('"Not seen for N days" counts what its list shows, and the Stale devices preset fills in the push', async ({ signedIn: page }) => {
  await openOverview(page);
  const days = page.getByLabel(/Not seen for/);
  await days.fill('3');
  await days.dispatchEvent('change');
  await expect(page).toHaveURL(/\/overview\?days=3$/);
  const figure = page.locator('.stale .figure');
  const n = Number((await figure.textContent())!.replace(/[^0-9]/g, ''));
  await figure.click();
  await expect(page).toHaveURL(/checkin=not-within-3d/);
  await expect(page.getByText(new RegExp(`^${n} of \\d+ devices match$`))).toBeVisible({ timeout: 20_000 });

  await page.goBack();
  await page.goto('overview');
  await page.getByRole('link', { name: 'Stale devices' }).click();
  await expect(page.getByRole('list', { name: 'Filters' }).getByRole('listitem')).toHaveText(['Last check-in: not within 7 days×']);
  await expect(page.getByText(/devices match$/)).toBeVisible({ timeout: 20_000 });
  await page.getByRole('checkbox', { name: 'Select every row shown' }).check();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Please open the app');
});

test('users filter by group, email domain and whether they have devices, across every page', async ({ signedIn: page, emulator, request }) => {
  const { devices, users, groups } = await fleet(emulator, request);
  const owners = new Set(devices.map((d) => d.userId));
  const domain = String(users[0].email).split('@')[1];
  const expected = users.filter((u) => String(u.email).toLowerCase().endsWith(`@${domain.toLowerCase()}`) && !owners.has(u.id));
  await page.goto(`users?domain=${domain}&devices=without`);
  await expect(page.getByText(`${expected.length} of ${users.length} users match`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'Filters' }).getByRole('listitem')).toHaveText([`Email domain: ${domain}×`, 'Has no devices×']);
  // The group filter, by name in its chip.
  const group = groups[0];
  const inGroup = users.filter((u) => u.groupId === group.id);
  await page.goto(`users?group=${group.id}`);
  await expect(page.getByText(`${inGroup.length} of ${users.length} users match`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'Filters' }).getByRole('listitem')).toHaveText([`Group: ${group.name}×`]);
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page).toHaveURL(/\/users$/);
});

test('the groups list counts each group\'s users', async ({ signedIn: page, emulator, request }) => {
  const groups = (await emulator.api(request, 'group?limit=25&page=1')).data as any[];
  const table = page.getByRole('table', { name: 'Groups' });
  for (const g of groups.slice(0, 5)) {
    const total = (await emulator.api(request, `user/${g.id}?limit=1`)).total;
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: g.name, exact: true }) });
    await expect(row.getByRole('cell').last()).toHaveText(String(total));
  }
});

test('a server that leaves out the total is read until a short page, and the overview says its totals are estimated', async ({ signedIn: page, emulator, request }) => {
  const devices = await allPages(emulator, request, 'device');
  const lists = (url: URL) => /\/(device|user|group)$/.test(url.pathname);
  await page.route(lists, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    delete body.total;
    await route.fulfill({ response, json: body });
  });
  await openOverview(page);
  await expect(page.getByText(/the totals are what was read/)).toBeVisible();
  await expect(page.locator('.totals').getByRole('link', { name: String(devices.length) })).toBeVisible();
  const spans = await chart(page, 'Last check-in').locator('.bar-count').allTextContents();
  expect(spans.map((t) => Number(t.replace(/,/g, ''))).reduce((a, b) => a + b, 0)).toBe(devices.length);
});

test('once the fleet map has read the fixes, the devices list filters by them', async ({ signedIn: page, emulator, request }) => {
  const devices = await allPages(emulator, request, 'device');
  // Independently of the portal: a device without a fix has no locations
  // (the demo's located devices all have readable fixes).
  const without: string[] = [];
  for (const d of devices) {
    const body = await emulator.api(request, `devicelocation/${d.id}?limit=1&page=1`);
    if (!body.total) without.push(d.name);
    else expect(body.data[0].latitude ?? body.data[0].lat).toBeDefined();
  }
  expect(without.length).toBeGreaterThan(0);
  // Nothing is known of fixes yet, so the filter is not offered.
  await page.goto('devices');
  await page.getByText('Filter devices').click();
  await expect(page.getByLabel('Location fix')).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map', exact: true }).click();
  await page.getByRole('link', { name: `No fix: ${without.length}` }).click({ timeout: 60_000 });
  await expect(page).toHaveURL(/\/devices\?fix=no$/);
  await expect(page.getByText(`${without.length} of ${devices.length} devices match`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'Filters' }).getByRole('listitem')).toHaveText(['Location: no fix×']);
  const names = await page.getByRole('table', { name: 'Devices' }).getByRole('rowheader').allTextContents();
  expect(names.map((n) => n.trim()).sort()).toEqual([...without].sort());
  // The form offers the filter now, and says whose fixes it knows.
  await page.getByText('Filter devices').click();
  await expect(page.getByLabel('Location fix')).toHaveValue('no');
  await expect(page.getByText(`Known for ${devices.length} devices`)).toBeVisible();
  await page.getByLabel('Location fix').selectOption('yes');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/devices\?fix=yes$/);
  await expect(page.getByText(`${devices.length - without.length} of ${devices.length} devices match`)).toBeVisible({ timeout: 20_000 });
});
