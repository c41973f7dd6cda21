// Bulk changes: rows ticked by range or "all matching", a rename by a
// pattern and an owner change previewed in full, then sent as a queue of
// single POSTs with Pause/Resume, per-row results, Retry failed, Undo, a
// report, the activity log, and a run stopped by a refused key resumed
// after signing in again without sending anything twice.
import { test, expect, allPages, startEmulator, signIn } from './fixtures';
import type { Page, Request, Route } from '@playwright/test';

const DATA = { timeout: 20_000 };
const rowsOf = (page: Page) => page.getByRole('table', { name: 'Rows of the bulk change' }).locator('tbody tr');
const status = (page: Page) => page.locator('.bulk-status');

/** The POSTs to devices from now on, as `[device id, body]`. */
function devicePosts(page: Page) {
  const posts: [string, string][] = [];
  page.on('request', (r: Request) => {
    const m = r.url().match(/\/device\/([^/?]+)$/);
    if (r.method() === 'POST' && m) posts.push([decodeURIComponent(m[1]), r.postData() ?? '']);
  });
  return posts;
}

/** Ticks the devices named in the list (first page). */
async function tick(page: Page, names: string[]) {
  const table = page.getByRole('table', { name: 'Devices' });
  for (const name of names) await table.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
}

async function renameBy(page: Page, pattern: string) {
  await page.getByRole('button', { name: 'Rename…' }).click();
  await page.getByLabel('Name pattern').fill(pattern);
  await expect(page.getByRole('table', { name: 'First rows of the rename' })).toBeVisible(DATA);
  await page.getByRole('button', { name: 'Preview every rename…' }).click();
  await expect(page).toHaveURL(/\/bulk$/);
}

/** Picks `to` as the new owner (by email) and opens the preview of the change. */
async function previewOwnerChange(page: Page, to: any) {
  const toName = `${to.firstName} ${to.lastName}`;
  const picker = page.getByRole('combobox', { name: 'New owner' });
  await picker.click();
  await picker.fill(to.email);
  await page.getByRole('option', { name: new RegExp(toName) }).click();
  await page.getByRole('button', { name: 'Preview the owner change…' }).click();
  await expect(page.getByRole('heading', { name: `Change owner to ${toName}` })).toBeVisible(DATA);
}

const byName = (a: any, b: any) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || (a.id < b.id ? -1 : 1);

test('a shift-click\'s range starts at the box last ticked, even when the owners\' names redraw the rows in between', async ({ signedIn: page }) => {
  // The owners' names wait until the first box is ticked.
  const held: Route[] = [];
  let released = false;
  await page.route('**/api/v1/*/user/*', async (route) => {
    if (released) await route.continue();
    else held.push(route);
  });
  await page.goto('devices');
  const table = page.getByRole('table', { name: 'Devices' });
  const boxes = table.locator('tbody input[type=checkbox]');
  await expect(boxes.nth(5)).toBeVisible(DATA);
  await boxes.nth(1).click();
  await expect(page.getByText('1 device selected')).toBeVisible();
  await expect.poll(() => held.length).toBeGreaterThan(0);
  released = true;
  for (const route of held) await route.continue();
  // Every name is in: the table was drawn again.
  await expect(table.getByRole('link', { name: 'View owner' })).toHaveCount(0, DATA);
  await boxes.nth(4).click({ modifiers: ['Shift'] });
  await expect(page.getByText('4 devices selected')).toBeVisible();
  for (const i of [1, 2, 3, 4]) await expect(boxes.nth(i)).toBeChecked();
});

test('a shift-click ticks a range, and "select all matching" ticks every page of a filter', async ({ signedIn: page, emulator, request }) => {
  const all = await allPages(emulator, request, 'device');
  await page.goto('devices');
  const table = page.getByRole('table', { name: 'Devices' });
  const boxes = table.locator('tbody input[type=checkbox]');
  await expect(boxes.nth(5)).toBeVisible(DATA);
  await boxes.nth(1).click();
  await boxes.nth(4).click({ modifiers: ['Shift'] });
  await expect(page.getByText('4 devices selected')).toBeVisible();
  for (const i of [1, 2, 3, 4]) await expect(boxes.nth(i)).toBeChecked();
  await expect(boxes.nth(5)).not.toBeChecked();
  // A shift-click on a ticked box unticks the range.
  await boxes.nth(2).click({ modifiers: ['Shift'] });
  await expect(page.getByText('1 device selected')).toBeVisible();
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(page.getByText('0 devices selected')).toBeVisible();

  // No filter: every device of the account, by the list's total.
  await expect(page.getByRole('button', { name: `Select all ${all.length} devices` })).toBeVisible(DATA);

  // A filter: every page is read, then the count is exact.
  const ios = all.filter((d) => d.platform === 'iOS');
  expect(ios.length).toBeGreaterThan(1);
  await page.goto('devices?platform=iOS');
  await page.getByRole('button', { name: /^Select all/ }).click();
  await expect(page.getByText(`${ios.length} devices selected`)).toBeVisible(DATA);
  await expect(page.getByRole('button', { name: `Select all ${ios.length} matching` })).toBeVisible();
});

test('a pattern rename of 3 devices: previewed, 3 POSTs of the name only, a 500 retried alone, undone, logged', async ({ signedIn: page, emulator, request }) => {
  const first = (await emulator.api(request, 'device?limit=25')).data as any[];
  const users = await allPages(emulator, request, 'user');
  const chosen = first.slice(3, 6);
  const ordered = [...chosen].sort(byName);
  const ownerOf = (d: any) => { const u = users.find((u) => u.id === d.userId); return u ? `${u.firstName} ${u.lastName}` : ''; };
  await page.goto('devices');
  await tick(page, chosen.map((d) => d.name));
  await expect(page.getByText('3 devices selected')).toBeVisible();
  await page.getByRole('button', { name: 'Rename…' }).click();
  // A placeholder that does not exist says so, and nothing can be planned.
  await page.getByLabel('Name pattern').fill('{colour}');
  await expect(page.getByText('{colour} is not a placeholder')).toBeVisible(DATA);
  await expect(page.getByRole('button', { name: 'Preview every rename…' })).toBeDisabled();
  // The live preview: the first rows, in name order.
  await page.getByLabel('Name pattern').fill('{owner} kiosk {n}');
  const live = page.getByRole('table', { name: 'First rows of the rename' });
  await expect(live.locator('tbody tr').first()).toContainText(`${ownerOf(ordered[0])} kiosk 1`, DATA);
  await page.getByRole('button', { name: 'Preview every rename…' }).click();
  await expect(page).toHaveURL(/\/bulk$/);
  await expect(page.getByRole('heading', { name: 'Rename devices' })).toBeVisible();
  await expect(status(page)).toHaveText('3 devices to send, one request each. Nothing has been sent yet.');
  await expect(rowsOf(page)).toHaveCount(3);
  for (const [i, d] of ordered.entries()) {
    await expect(rowsOf(page).nth(i)).toContainText(`Device name: “${d.name}” → “${ownerOf(d)} kiosk ${i + 1}”`);
  }

  // The server fails one of them.
  const broken = ordered[1];
  await page.route(`**/api/v1/*/device/${broken.id}`, (route) => route.request().method() === 'POST'
    ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"success":false,"error":"Database busy"}' })
    : route.continue());
  const posts = devicePosts(page);
  await page.getByRole('button', { name: 'Send 3 changes' }).click();
  await expect(status(page)).toHaveText('Finished: 2 done, 1 failed.', DATA);
  expect(posts.map(([id]) => id).sort()).toEqual(chosen.map((d) => d.id).sort());
  for (const [id, body] of posts) {
    const i = ordered.findIndex((d) => d.id === id);
    expect(body).toBe(new URLSearchParams({ name: `${ownerOf(ordered[i])} kiosk ${i + 1}` }).toString());
  }
  await expect(rowsOf(page).nth(1)).toContainText('Failed: ');
  await expect(rowsOf(page).nth(1)).toContainText('Database busy');
  await expect(rowsOf(page).nth(0)).toContainText('Done');

  // Retry failed sends that row alone.
  await page.unroute(`**/api/v1/*/device/${broken.id}`);
  await page.getByRole('button', { name: 'Retry 1 failed' }).click();
  await expect(status(page)).toHaveText('Finished: 3 done.', DATA);
  expect(posts).toHaveLength(4);
  expect(posts[3][0]).toBe(broken.id);
  for (const [i, d] of ordered.entries()) {
    expect((await emulator.api(request, `device/${d.id}`)).data.name).toBe(`${ownerOf(d)} kiosk ${i + 1}`);
  }

  // The report lists every row and how it ended.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (CSV)' }).click();
  const chunks: Buffer[] = [];
  for await (const c of await (await download).createReadStream()) chunks.push(c as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe('Item,Id,Change,Result');
  expect(lines).toHaveLength(4);
  expect(lines[1]).toContain(ordered[0].id);
  expect(lines[1]).toMatch(/,Done$/);

  // Undo: a run of its own, previewed, sending the old names back.
  await page.getByRole('button', { name: 'Undo the 3 done…' }).click();
  await expect(page.getByRole('heading', { name: 'Undo: Rename devices' })).toBeVisible();
  await expect(rowsOf(page).nth(0)).toContainText(`“${ownerOf(ordered[0])} kiosk 1” → “${ordered[0].name}”`);
  await page.getByRole('button', { name: 'Send 3 changes' }).click();
  await expect(status(page)).toHaveText('Finished: 3 done.', DATA);
  for (const d of ordered) expect((await emulator.api(request, `device/${d.id}`)).data.name).toBe(d.name);

  // The activity log has every write: 3 renames, the retry, 3 undone.
  await page.goto('activity');
  const log = page.getByRole('table', { name: /^Changes sent from this tab/ }).locator('tbody tr');
  await expect(log.filter({ hasText: 'Undo: Rename devices' })).toHaveCount(3);
  await expect(log.filter({ hasText: /^.*Rename devices/ }).filter({ hasText: 'Database busy' })).toHaveCount(1);
  await expect(log.filter({ hasText: `“${broken.name}” → “${ownerOf(broken)} kiosk 2”` })).toHaveCount(2);
});

test('one at a time, Pause holds the queue and Resume finishes it; a lost answer may have been applied', async ({ signedIn: page, emulator, request }) => {
  const chosen = ((await emulator.api(request, 'device?limit=25')).data as any[]).slice(8, 13);
  const ordered = [...chosen].sort(byName);
  await page.goto('devices');
  await tick(page, chosen.map((d) => d.name));
  await renameBy(page, '{name} (spare)');
  await page.getByLabel('At once').selectOption('1');
  // Every answer takes a while; the last one's is lost.
  await page.route('**/api/v1/*/device/*', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await new Promise((r) => setTimeout(r, 800));
    if (route.request().url().endsWith(`/device/${ordered[4].id}`)) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  const posts = devicePosts(page);
  await page.getByRole('button', { name: 'Send 5 changes' }).click();
  await expect(status(page)).toContainText('Sending: 1 of 5 answered', DATA);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText('Paused: 3 devices still to send.', DATA);
  const sent = posts.length;
  expect(sent).toBe(2);
  await page.waitForTimeout(1_000);
  expect(posts).toHaveLength(sent);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(status(page)).toHaveText('Finished: 4 done, 1 may have been applied (the answer was lost).', DATA);
  // Each sent once, one at a time, in name order.
  expect(posts.map(([id]) => id)).toEqual(ordered.map((d) => d.id));
  await expect(rowsOf(page).nth(4)).toContainText('May have been applied');
  // A lost answer is not a failure: nothing to retry.
  await expect(page.getByRole('button', { name: /^Retry/ })).toHaveCount(0);
  // The server did apply it.
  expect((await emulator.api(request, `device/${ordered[4].id}`)).data.name).toBe(`${ordered[4].name} (spare)`);
});

test('leaving the page while sending asks; a refused key stops the run, which resumes after signing in without sending anything twice', async ({ signedIn: page, emulator, request }) => {
  const chosen = ((await emulator.api(request, 'device?limit=25')).data as any[]).slice(14, 19);
  const ordered = [...chosen].sort(byName);
  await page.goto('devices');
  await tick(page, chosen.map((d) => d.name));
  await renameBy(page, 'Loaner {n}');
  await page.getByLabel('At once').selectOption('1');
  let answered = 0;
  await page.route('**/api/v1/*/device/*', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await new Promise((r) => setTimeout(r, 300));
    // The key is revoked after two writes.
    if (answered >= 2) {
      return route.fulfill({ status: 401, contentType: 'application/json', body: '{"success":false,"error":"Invalid API Key"}' });
    }
    answered += 1;
    return route.continue();
  });
  const posts = devicePosts(page);
  await page.getByRole('button', { name: 'Send 5 changes' }).click();
  await expect(status(page)).toContainText('Sending', DATA);
  // Leaving asks first; staying keeps it going.
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
  await expect.poll(() => asked).toContain('A bulk change is being sent');
  await expect(page).toHaveURL(/\/bulk$/);
  // So does signing out.
  asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => asked).toContain('Sign out and stop it?');
  await expect(page).toHaveURL(/\/bulk$/);

  // The refused key signs the tab out.
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible(DATA);
  await page.unroute('**/api/v1/*/device/*');
  expect(posts).toHaveLength(3);
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/bulk$/, DATA);
  await expect(status(page)).toHaveText('Stopped: the API key was refused. 3 devices still to send; Resume sends only those.', DATA);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(status(page)).toHaveText('Finished: 5 done.', DATA);
  // The refused one was sent again (it was not applied); none of the others.
  expect(posts.map(([id]) => id)).toEqual([ordered[0], ordered[1], ordered[2], ordered[2], ordered[3], ordered[4]].map((d) => d.id));
  for (const [i, d] of ordered.entries()) {
    expect((await emulator.api(request, `device/${d.id}`)).data.name).toBe(`Loaner ${i + 1}`);
  }
});

test('the owner of several devices changes to one user, sending only the owner', async ({ signedIn: page, emulator, request }) => {
  const chosen = ((await emulator.api(request, 'device?limit=25')).data as any[]).slice(20, 23);
  const users = await allPages(emulator, request, 'user');
  const to = users.find((u) => chosen.every((d) => d.userId !== u.id))!;
  const toName = `${to.firstName} ${to.lastName}`;
  await page.goto('devices');
  await tick(page, chosen.map((d) => d.name));
  await page.getByRole('button', { name: 'Change owner…' }).click();
  await page.getByRole('button', { name: 'Preview the owner change…' }).click();
  await expect(page.getByText('Choose the new owner.')).toBeVisible();
  await previewOwnerChange(page, to);
  await expect(rowsOf(page)).toHaveCount(3);
  await expect(rowsOf(page).first()).toContainText(`→ “${toName}”`);
  const posts = devicePosts(page);
  await page.getByRole('button', { name: 'Send 3 changes' }).click();
  await expect(status(page)).toHaveText('Finished: 3 done.', DATA);
  expect(posts.map(([, body]) => body)).toEqual(Array(3).fill(new URLSearchParams({ userId: to.id }).toString()));
  for (const d of chosen) expect((await emulator.api(request, `device/${d.id}`)).data.userId).toBe(to.id);
});

test('a few devices ticked on a large account are read one GET each, not by every page of 20,000', async ({ page, request }) => {
  const large = await startEmulator(['--seed', 'large']);
  try {
    const api = (item: string) => large.api(request, item);
    // One device from the list's first page, two from its 50th (of 25 each).
    const first = ((await api('device?limit=25&page=1')).data as any[])[0];
    const far = ((await api('device?limit=25&page=50')).data as any[]).slice(0, 2);
    const chosen = [first, ...far];
    const owners = new Set(chosen.map((d) => d.userId).filter(Boolean));
    const to = ((await api('user?limit=100&page=7')).data as any[]).find((u) => !owners.has(u.id))!;
    await signIn(page, large.key, `${large.portal}sign-in`);
    await page.goto(`${large.portal}devices?page=50`);
    await tick(page, far.map((d) => d.name));
    await page.getByRole('navigation', { name: 'Pagination of devices' }).getByRole('button', { name: 'First page' }).click();
    await tick(page, [first.name]);
    await expect(page.getByText('3 devices selected')).toBeVisible();
    const asked: string[] = [];
    page.on('request', (r: Request) => {
      const url = new URL(r.url());
      const m = url.pathname.match(/\/api\/v1\/[^/]+\/((device|user)(\/.*)?)$/);
      if (r.method() === 'GET' && m) asked.push(decodeURIComponent(m[1]) + url.search);
    });
    await page.getByRole('button', { name: 'Change owner…' }).click();
    await previewOwnerChange(page, to);
    await expect(rowsOf(page)).toHaveCount(3);
    // The devices: page 1 of the whole list (it says how long the list is
    // and holds the first one), then one GET for each of the two others.
    const devicePages = asked.filter((a) => a.startsWith('device?'));
    expect(devicePages.map((a) => new URLSearchParams(a.split('?')[1]).get('page')), asked.join(' ')).toEqual(['1']);
    expect(asked.filter((a) => a.startsWith('device/')).sort()).toEqual(far.map((d) => `device/${d.id}`).sort());
    // The new owner's name comes from one GET (the picker reads every user for its choices).
    expect(asked).toContain(`user/${to.id}`);
    const posts = devicePosts(page);
    await page.getByRole('button', { name: 'Send 3 changes' }).click();
    await expect(status(page)).toHaveText('Finished: 3 done.', DATA);
    expect(posts.map(([id]) => id).sort()).toEqual(chosen.map((d) => d.id).sort());
    for (const d of chosen) expect((await api(`device/${d.id}`)).data.userId).toBe(to.id);
  } finally {
    await large.stop();
  }
});

test('a run of every device is paged in the URL, and shows the rows of one outcome', async ({ page, request }) => {
  const own = await startEmulator();
  try {
    const all = await allPages(own, request, 'device');
    expect(all.length).toBeGreaterThan(50);
    await signIn(page, own.key, `${own.portal}sign-in`);
    await page.goto(`${own.portal}devices`);
    await page.getByRole('button', { name: `Select all ${all.length} devices` }).click();
    await expect(page.getByText(`${all.length} devices selected`)).toBeVisible(DATA);
    await renameBy(page, '{name} x');
    const pager = page.getByRole('navigation', { name: 'Pagination of rows' });
    await expect(rowsOf(page)).toHaveCount(25);
    await expect(pager).toContainText(`1–25 of ${all.length}`);
    await pager.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/\/bulk\?page=2$/);
    await expect(pager).toContainText(`26–50 of ${all.length}`);
    await expect(rowsOf(page)).toHaveCount(25);
    const show = page.getByLabel('Show');
    await expect(show.locator('option:checked')).toHaveText(`Every row (${all.length})`);

    // One device's rename is refused: the failed row is found by its outcome.
    const refused = all[all.length - 1];
    await page.route(`**/api/v1/*/device/${encodeURIComponent(refused.id)}`, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"success":false,"error":"Database busy"}' })
        : route.continue(),
    );
    await page.getByRole('button', { name: `Send ${all.length} changes` }).click();
    await expect(status(page)).toHaveText(`Finished: ${all.length - 1} done, 1 failed.`, { timeout: 60_000 });
    await show.selectOption({ label: 'Failed (1)' });
    await expect(page).toHaveURL(/\/bulk\?show=failed$/);
    await expect(rowsOf(page)).toHaveCount(1);
    await expect(rowsOf(page).first()).toContainText(refused.name);
    await expect(rowsOf(page).first()).toContainText('Failed: Database busy');
    await expect(pager).toContainText('1–1 of 1');
    // The URL is the state: a reload shows the same rows.
    await page.reload();
    await expect(rowsOf(page)).toHaveCount(1, DATA);
    await expect(page.getByLabel('Show').locator('option:checked')).toHaveText('Failed (1)');
    await page.getByLabel('Show').selectOption({ label: `Done (${all.length - 1})` });
    await expect(rowsOf(page)).toHaveCount(25);
    await expect(rowsOf(page).first()).toContainText('Done');
  } finally {
    await own.stop();
  }
});

test('users move to another group, and one field is set for all, each sending only that field', async ({ signedIn: page, emulator, request }) => {
  const users = (await emulator.api(request, 'user?limit=25')).data as any[];
  const groups = await allPages(emulator, request, 'group');
  const [a, b] = [users[5], users[6]];
  const to = groups.find((g) => g.id !== a.groupId && g.id !== b.groupId)!;
  await page.goto('users');
  const table = page.getByRole('table', { name: 'Users' });
  for (const u of [a, b]) await table.getByRole('checkbox', { name: `Select ${u.firstName} ${u.lastName}`, exact: true }).check();
  await expect(page.getByText('2 users selected')).toBeVisible();
  await page.getByRole('button', { name: 'Move to group…' }).click();
  const picker = page.getByRole('combobox', { name: 'Move to group' });
  await picker.click();
  await picker.fill(to.name);
  await page.getByRole('option', { name: new RegExp(to.name) }).first().click();
  await page.getByRole('button', { name: 'Preview the move…' }).click();
  await expect(page.getByRole('heading', { name: `Move users to ${to.name}` })).toBeVisible(DATA);
  await expect(rowsOf(page)).toHaveCount(2);
  await expect(rowsOf(page).first()).toContainText(`Group: “`);
  await expect(rowsOf(page).first()).toContainText(`” → “${to.name}”`);
  const posts: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && /\/user\/[^/]+$/.test(r.url())) posts.push(r.postData() ?? ''); });
  await page.getByRole('button', { name: 'Send 2 changes' }).click();
  await expect(status(page)).toHaveText('Finished: 2 done.', DATA);
  expect(posts).toEqual(Array(2).fill(new URLSearchParams({ groupId: to.id }).toString()));
  for (const u of [a, b]) expect((await emulator.api(request, `user/${u.id}`)).data.groupId).toBe(to.id);

  // Set one field for both: a bad value says why and plans nothing.
  await page.goto('users');
  for (const u of [a, b]) await table.getByRole('checkbox', { name: `Select ${u.firstName} ${u.lastName}`, exact: true }).check();
  await page.getByRole('button', { name: 'Set a field…' }).click();
  await page.getByLabel('Field', { exact: true }).selectOption({ label: 'Email' });
  await page.getByLabel('New value').fill('not an address');
  await page.getByRole('button', { name: 'Preview the change…' }).click();
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await expect(page).toHaveURL(/\/users$/);
  await page.getByLabel('Field', { exact: true }).selectOption({ label: 'Phone' });
  await page.getByLabel('New value').fill('+44 20 7946 0000');
  await page.getByRole('button', { name: 'Preview the change…' }).click();
  await expect(page.getByRole('heading', { name: 'Set phone to “+44 20 7946 0000”' })).toBeVisible(DATA);
  posts.length = 0;
  await page.getByRole('button', { name: 'Send 2 changes' }).click();
  await expect(status(page)).toHaveText('Finished: 2 done.', DATA);
  expect(posts).toEqual(Array(2).fill(new URLSearchParams({ phone: '+44 20 7946 0000' }).toString()));
});

test('with no change planned, the page says how to plan one', async ({ signedIn: page }) => {
  await page.goto('bulk');
  await expect(page.getByText('No bulk change planned')).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Devices' })).toBeVisible();
});

