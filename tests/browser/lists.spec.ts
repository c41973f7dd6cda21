import { test, expect, Emulator, allPages } from './fixtures';
import type { APIRequestContext, Page, Request, Route } from '@playwright/test';

test('search all pages finds a row beyond the loaded page, and stays on reload', async ({ signedIn: page, emulator, request }) => {
  const devices = await allPages(emulator, request, 'device');
  const far = devices[devices.length - 1];
  await page.goto('devices');
  await expect(page.getByRole('table', { name: 'Devices' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search devices on this page' }).fill(far.name);
  await expect(page.getByText(`No devices on this page match “${far.name}”.`)).toBeVisible();
  await page.getByRole('checkbox', { name: 'Search all pages' }).check();
  const table = page.getByRole('table', { name: 'Devices' });
  await expect(table.getByRole('link', { name: far.name, exact: true })).toBeVisible({ timeout: 20_000 });
  const matching = devices.filter((d) => d.name.toLowerCase().includes(far.name.toLowerCase()));
  await expect(page.getByText(`${matching.length} of ${devices.length} devices match`)).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(matching.length + 1);
  await expect(page).toHaveURL(/all=1/);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Search all pages' })).toBeChecked();
  await expect(page.getByRole('table', { name: 'Devices' }).getByRole('link', { name: far.name, exact: true })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('searchbox', { name: 'Search all devices' }).fill('');
  await expect(page.getByText(`All ${devices.length} devices`, { exact: true })).toBeVisible();
});

test('walking every page shows progress and can be cancelled', async ({ signedIn: page }) => {
  await page.route(/\/device\?limit=100&page=[2-9]/, async (route) => {
    await new Promise((r) => setTimeout(r, 4_000));
    await route.continue().catch(() => {});
  });
  await page.goto('devices');
  await expect(page.getByRole('table', { name: 'Devices' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Search all pages' }).check();
  const progress = page.getByRole('progressbar', { name: 'Loading every device' });
  await expect(progress).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Search all pages' })).not.toBeChecked();
  await expect(page.getByRole('table', { name: 'Devices' })).toBeVisible();
});

test('export a list as CSV: every page, named after the view', async ({ signedIn: page, emulator, request }) => {
  const users = await allPages(emulator, request, 'user');
  await page.goto('users');
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('users.csv');
  const chunks: Buffer[] = [];
  for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\r\n');
  expect(lines[0]).toBe('Name,Email,Phone');
  expect(lines).toHaveLength(users.length + 1);
  // The last user with an email (some have none: an import may add one last).
  const someone = [...users].reverse().find((u) => u.email);
  expect(lines.some((l) => l.includes(someone.email))).toBe(true);
});

test('the devices list names each owner, and ticked devices get a push notification', async ({ signedIn: page, emulator, request }) => {
  const devices = (await emulator.api(request, 'device?limit=25')).data;
  const owner = (await emulator.api(request, `user/${devices[0].userId}`)).data;
  await page.goto('devices');
  const table = page.getByRole('table', { name: 'Devices' });
  const first = table.getByRole('row').filter({ has: page.getByRole('link', { name: devices[0].name, exact: true }) });
  await expect(first.getByRole('link', { name: `${owner.firstName} ${owner.lastName}` })).toBeVisible();

  const [a, b] = [devices[2], devices[3]];
  await table.getByRole('checkbox', { name: `Select ${a.name}` }).check();
  await table.getByRole('checkbox', { name: `Select ${b.name}` }).check();
  await expect(page.getByText('2 devices selected')).toBeVisible();
  await page.getByRole('button', { name: 'Send push notification…' }).click();
  await page.getByLabel('Message').fill('Fleet-wide reminder');
  // The server refuses one of them: both answers are shown as they are.
  await page.route('**/api/v1/*/push', async (route) => {
    if (route.request().postData()?.includes(`deviceId=${b.id}`)) {
      await route.fulfill({ status: 404, contentType: 'application/json', body: '{"success":false,"error":"Unknown device"}' });
    } else {
      await route.continue();
    }
  });
  // Planned as a bulk change: previewed, then sent one request per device.
  await page.getByRole('button', { name: 'Preview the push…' }).click();
  await expect(page).toHaveURL(/\/bulk$/);
  const rows = page.getByRole('table', { name: 'Rows of the bulk change' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Message: (empty) → “Fleet-wide reminder”');
  await page.getByRole('button', { name: 'Send to 2 devices' }).click();
  await expect(page.locator('.bulk-status')).toHaveText('Finished: 1 done, 1 failed.', { timeout: 20_000 });
  await expect(rows.filter({ hasText: b.name })).toContainText('Failed: Unknown device');
  // A push cannot be called back: no Undo.
  await expect(page.getByRole('button', { name: /^Undo/ })).toHaveCount(0);
  const pushed = await emulator.api(request, `push/${a.id}`);
  expect(pushed.data.map((p: any) => p.message)).toContain('Fleet-wide reminder');
  await page.goBack();

  // Select every row shown, then clear.
  await table.getByRole('checkbox', { name: 'Select every row shown' }).check();
  await expect(page.getByText(`${devices.length} devices selected`)).toBeVisible();
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(table.getByRole('checkbox', { name: `Select ${a.name}` })).not.toBeChecked();
});

test('resting on "Next page" fetches that page, so the click asks for nothing', async ({ signedIn: page, emulator, request }) => {
  const second = (await emulator.api(request, 'device?limit=10&page=2')).data;
  const asked: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith('/device')) asked.push(url.search);
  });
  await page.goto('devices?limit=10');
  const table = page.getByRole('table', { name: 'Devices' });
  await expect(table.getByRole('row')).toHaveCount(11);
  const next = page.getByRole('button', { name: 'Next page' });
  await next.hover();
  await expect.poll(() => asked.filter((q) => q.includes('page=2')).length).toBe(1);
  await next.click();
  await expect(page).toHaveURL(/page=2/);
  await expect(table.getByRole('link', { name: second[0].name, exact: true })).toBeVisible();
  await expect(page.getByText('11–20 of')).toBeVisible();
  expect(asked.filter((q) => q.includes('page=2'))).toHaveLength(1);
  // Keyboard users get the same: focus alone fetches the page ahead.
  await page.mouse.move(0, 0);
  await page.getByRole('button', { name: 'Previous page' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Next page' })).toBeFocused();
  await expect.poll(() => asked.filter((q) => q.includes('page=3')).length).toBe(1);
});

test("the keyboard focus stays on the pager while the owners' names fill the rows in", async ({ signedIn: page }) => {
  // The owners' names wait until the test lets them through.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/*/user/*', async (route) => { await held; await route.continue(); });
  await page.goto('devices?limit=10');
  const table = page.getByRole('table', { name: 'Devices' });
  await expect(table.getByRole('row')).toHaveCount(11);
  await expect(table.getByRole('link', { name: 'View owner' }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Last page' }).focus();
  await page.keyboard.press('Shift+Tab');
  const next = page.getByRole('button', { name: 'Next page' });
  await expect(next).toBeFocused();
  release();
  // The names are in (the rows drawn again), and the focus is where it was.
  await expect(table.getByRole('link', { name: 'View owner' })).toHaveCount(0);
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^11–20 of/)).toBeVisible();
});

test('a next page slow to come says it is loading over the rows on screen; a quick one draws no busy state', async ({ signedIn: page, emulator, request }) => {
  const pageOf = async (n: number) => JSON.stringify(await emulator.api(request, `device?limit=10&page=${n}`));
  const [second, third] = [await pageOf(2), await pageOf(3)];
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/*/device?*', async (route) => {
    const url = new URL(route.request().url());
    if (url.searchParams.get('page') === '2') await route.fulfill({ contentType: 'application/json', body: second });
    else if (url.searchParams.get('page') === '3') { await held; await route.fulfill({ contentType: 'application/json', body: third }); }
    else await route.continue();
  });
  await page.goto('devices?limit=10');
  const table = page.getByRole('table', { name: 'Devices' });
  await expect(table.getByRole('row')).toHaveCount(11);
  // Every busy state the list draws, and every "Loading…" it says.
  await page.evaluate(() => {
    const seen: string[] = ((window as any).__busy = []);
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[aria-busy="true"], [role="status"]')) {
        const said = el.getAttribute('aria-busy') === 'true' ? 'busy' : el.textContent?.trim();
        if (said) seen.push(said);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const busyDrawn = () => page.evaluate(() => (window as any).__busy as string[]);

  // Page 2 answers at once: its rows come without a "Loading…" in between.
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('11–20 of')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(11);
  expect(await busyDrawn()).toEqual([]);

  // Page 3 is held: the list says so and keeps page 2's rows meanwhile.
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]').getByRole('table', { name: 'Devices' })).toBeVisible();
  await expect(page.getByText('11–20 of')).toBeVisible();
  release();
  await expect(page.getByText('21–30 of')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(table.getByRole('link', { name: JSON.parse(third).data[0].name, exact: true })).toBeVisible();
});

test("a new page of devices cancels the last page's owner-name requests, asked four at a time", async ({ signedIn: page, emulator, request }) => {
  const ownersOf = async (n: number) =>
    new Set<string>((await emulator.api(request, `device?limit=25&page=${n}`)).data.map((d: any) => d.userId));
  const [first, second] = [await ownersOf(1), await ownersOf(2)];
  const firstOnly = [...first].filter((id) => !second.has(id));
  expect(firstOnly.length).toBeGreaterThan(6);
  // Page 1's owners do not answer until the test lets them.
  const held: Route[] = [];
  await page.route('**/api/v1/*/user/*', async (route) => {
    if (firstOnly.includes(decodeURIComponent(route.request().url().split('/').pop()!))) held.push(route);
    else await route.continue();
  });
  const asked: string[] = [];
  const aborted: string[] = [];
  const ownerOf = (r: Request) => decodeURIComponent(new URL(r.url()).pathname.split('/').pop()!);
  page.on('request', (r) => { if (r.url().includes('/user/')) asked.push(ownerOf(r)); });
  page.on('requestfailed', (r) => { if (r.url().includes('/user/')) aborted.push(ownerOf(r)); });

  await page.goto('devices?limit=25');
  const table = page.getByRole('table', { name: 'Devices' });
  await expect(table.getByRole('row')).toHaveCount(26);
  // Four at a time, so two of the browser's six connections stay free for
  // the pager: the rest of page 1's owners wait for these.
  await expect.poll(() => held.length).toBe(4);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('26–50 of')).toBeVisible();
  // Every held request is cancelled (one of the others may be too, if it
  // was still on its way at the click).
  const heldIds = held.map((route) => ownerOf(route.request()));
  await expect.poll(() => heldIds.every((id) => aborted.includes(id))).toBe(true);
  // Page 2's owners are named; none of page 1's was asked for after the click.
  await expect(table.getByRole('link', { name: 'View owner' })).toHaveCount(0);
  expect(asked.filter((id) => firstOnly.includes(id))).toHaveLength(4);

  // Cancelled is not unreadable: back on page 1, every owner is named.
  await page.unroute('**/api/v1/*/user/*');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByText('1–25 of')).toBeVisible();
  await expect(table.getByRole('link', { name: 'View owner' })).toHaveCount(0);
  expect(await table.getByRole('row').count()).toBe(26);
});

test('a page load asks for its list while the app starts, not after its page code arrives, and only once', async ({ signedIn: page }) => {
  // The Devices page's code arrives a second late (a slow link).
  let codeArrived = 0;
  await page.route(/\/split_lists-[0-9a-f]+\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1000));
    codeArrived = Date.now();
    await route.continue();
  });
  const asked: number[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/device')) asked.push(Date.now());
  });
  await page.goto('devices?limit=10');
  await expect(page.getByRole('table', { name: 'Devices' }).getByRole('row')).toHaveCount(11);
  expect(asked).toHaveLength(1);
  expect(asked[0]).toBeLessThan(codeArrived);
});

test('an item page load asks for its item and the list on it while the app starts, once each (a group, a user, a device, a user\'s form)', async ({ signedIn: page, emulator, request }) => {
  const group = (await emulator.api(request, 'group?limit=100&page=1')).data.find((g: any) => g.name === 'Sales');
  const user = (await emulator.api(request, `user/${group.id}?limit=1&page=1`)).data[0];
  // The item pages' and the forms' code arrives a second late (a slow link).
  let codeArrived = 0;
  await page.route(/\/split_(items|forms)-[0-9a-f]+\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1000));
    codeArrived = Date.now();
    await route.continue();
  });
  const asked = new Map<string, number[]>();
  page.on('request', (r) => {
    const url = new URL(r.url());
    const m = url.pathname.match(/\/api\/v1\/[^/]+\/(.+)$/);
    const query = url.searchParams.toString();
    const key = m && m[1] + (query ? `?${query}` : '');
    if (key) asked.set(key, [...(asked.get(key) ?? []), Date.now()]);
  });

  await page.goto(`groups/${group.id}`);
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row').nth(1)).toBeVisible();
  for (const url of [`group/${group.id}`, `user/${group.id}?limit=25&page=1`]) {
    expect(asked.get(url), url).toHaveLength(1);
    expect(asked.get(url)![0], url).toBeLessThan(codeArrived);
  }

  // The user's page: the user and their devices (their group needs the
  // user's answer first). Its code comes late again (a route turns the
  // browser's cache off).
  asked.clear();
  await page.goto(`users/${user.id}?page=1&limit=10`);
  await expect(page.getByRole('heading', { level: 1, name: user.name })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Devices' })).toBeVisible();
  for (const url of [`user/${user.id}`, `device/${user.id}?limit=10&page=1`]) {
    expect(asked.get(url), url).toHaveLength(1);
    expect(asked.get(url)![0], url).toBeLessThan(codeArrived);
  }

  // A device's page: the device and the first page of its fixes (its
  // latest location); its owner needs the device's answer first.
  const device = (await emulator.api(request, 'device?limit=1&page=1')).data[0];
  asked.clear();
  await page.goto(`devices/${device.id}`);
  await expect(page.getByRole('heading', { level: 1, name: device.name })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Latest location' })).toBeVisible();
  await expect(page.getByText('Loading the latest location…')).toHaveCount(0);
  for (const url of [`device/${device.id}`, `devicelocation/${device.id}?limit=100&page=1`]) {
    expect(asked.get(url), url).toHaveLength(1);
    expect(asked.get(url)![0], url).toBeLessThan(codeArrived);
  }

  // A user's form: the user, and the first page of the groups its group is
  // picked from.
  asked.clear();
  await page.goto(`users/${user.id}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Edit user' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Group' })).toHaveValue(group.name);
  for (const url of [`user/${user.id}`, 'group?limit=100&page=1']) {
    expect(asked.get(url), url).toHaveLength(1);
    expect(asked.get(url)![0], url).toBeLessThan(codeArrived);
  }
});

test('a link to a list asks for its page at the press, before the click, and only once', async ({ signedIn: page }) => {
  const asked: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith('/device')) asked.push(url.search);
  });
  await page.goto('groups');
  await expect(page.getByRole('table', { name: 'Groups' }).getByRole('row').nth(1)).toBeVisible();
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices', exact: true });
  const box = (await link.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  // Pressed, not yet released: the list is asked for, nothing else happened.
  await expect.poll(() => asked.length).toBe(1);
  await expect(page).toHaveURL(/\/groups$/);
  await page.mouse.up();
  await expect(page).toHaveURL(/\/devices$/);
  await expect(page.getByRole('table', { name: 'Devices' }).getByRole('row').nth(1)).toBeVisible();
  expect(asked).toHaveLength(1);

  // From the keyboard there is no press: Enter's click asks, still once.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).focus();
  const users: string[] = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('/user')) users.push(r.url()); });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row').nth(1)).toBeVisible();
  expect(users).toHaveLength(1);
});

test('a check-in age shows its exact local time on hover, and the CSV carries it in ISO 8601 with the offset', async ({ signedIn: page }) => {
  await page.goto('devices?limit=10');
  const table = page.getByRole('table', { name: 'Devices' });
  const age = table.getByRole('row').nth(1).getByRole('cell').last();
  await expect(age).toHaveText(/ago|never|just now|^in /);
  await age.hover();
  const expected = await age.evaluate((el) => new Date(Number(el.getAttribute('data-moment'))).toLocaleString());
  await expect(age).toHaveAttribute('title', expected);
  expect(expected).toMatch(/\d/);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const chunks: Buffer[] = [];
  for await (const c of await (await download).createReadStream()) chunks.push(c as Buffer);
  const iso = await age.evaluate((el) => {
    const d = new Date(Number(el.getAttribute('data-moment')));
    const p = (n: number) => String(Math.abs(n)).padStart(2, '0');
    const off = -d.getTimezoneOffset();
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
      + `${off < 0 ? '-' : '+'}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
  });
  expect(Buffer.concat(chunks).toString('utf8')).toContain(iso);
});

test('search of all pages shows every row a page at a time, sorted over all of them', async ({ signedIn: page, emulator, request }) => {
  const devices = await allPages(emulator, request, 'device');
  await page.goto('devices?all=1&page=3');
  await expect(page.getByText(`All ${devices.length} devices`, { exact: true })).toBeVisible({ timeout: 20_000 });
  const table = page.getByRole('table', { name: 'Devices' });
  const pager = page.getByRole('navigation', { name: 'Pagination' });
  await expect(pager).toContainText(`51–75 of ${devices.length}`);
  await expect(table.getByRole('row')).toHaveCount(26);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=4/);
  await expect(pager).toContainText(`76–100 of ${devices.length}`);
  // A sort covers every row and starts again at the first page.
  await table.getByRole('button', { name: 'Name' }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(pager).toContainText(`1–25 of ${devices.length}`);
  const first = devices.map((d) => d.name as string).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))[0];
  await expect(table.getByRole('row').nth(1).getByRole('link').first()).toHaveText(first);
  // No request went out for the pages of matches: they were all in.
  const asked: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) asked.push(r.url()); });
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(pager).toContainText(`26–50 of ${devices.length}`);
  expect(asked).toEqual([]);
});

test('the page size chosen for a list is remembered on the next visit, and only for that list', async ({ signedIn: page, emulator, request }) => {
  const total = (await emulator.api(request, 'device?limit=1')).total;
  await page.goto('devices');
  await page.getByLabel('Rows per page').selectOption('50');
  await expect(page).toHaveURL(/\/devices\?limit=50$/);
  await expect(page.getByText(`1–50 of ${total}`)).toBeVisible();
  // The first pages of devices asked for, by their size: a remembered size
  // is asked for from the first request, never the default first.
  const sizesAsked = (tab: Page) => {
    const sizes: string[] = [];
    tab.on('request', (r) => {
      const url = new URL(r.url());
      const first = (url.searchParams.get('page') ?? '1') === '1';
      if (/\/device$/.test(url.pathname) && first) sizes.push(url.searchParams.get('limit') ?? '');
    });
    return sizes;
  };
  // Another visit, by the navigation: the URL leaves the size out, the list remembers it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  await expect(page.getByText(/^1–25 of \d+$/)).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
  await expect(page).toHaveURL(/\/devices\?limit=50$/);
  await expect(page.getByRole('table', { name: 'Devices' }).getByRole('row')).toHaveCount(51);
  // A new tab of this browser too (local storage, not the tab's session).
  const other = await page.context().newPage();
  const askedThere = sizesAsked(other);
  await other.goto('devices');
  await expect(other.getByLabel('API key')).toBeVisible(); // a new tab signs in again
  await other.getByLabel('API key').fill(emulator.key);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other).toHaveURL(/\/devices\?limit=50$/);
  await expect(other.getByText(`1–50 of ${total}`)).toBeVisible();
  expect(askedThere.filter((limit) => limit !== '1')).toEqual(['50']);
  // A page load of the list too, while the app starts (the ahead request).
  askedThere.length = 0;
  await other.goto('devices');
  await expect(other).toHaveURL(/\/devices\?limit=50$/);
  await expect(other.getByText(`1–50 of ${total}`)).toBeVisible();
  expect(askedThere.filter((limit) => limit !== '1')).toEqual(['50']);
  // Choosing the default again is remembered as well.
  await other.getByLabel('Rows per page').selectOption('25');
  await other.goto('devices');
  await expect(other.getByText(`1–25 of ${total}`)).toBeVisible();
  await expect(other).toHaveURL(/\/devices$/);
  expect(await other.evaluate(() => localStorage.getItem('ezmdm.pageSize.Devices'))).toBe('25');
});
