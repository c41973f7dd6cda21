import { test, expect, signIn } from './fixtures';

test('offline: a banner says so, and the failed view loads by itself once back online', async ({ signedIn: page, context }) => {
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
  await context.setOffline(true);
  await expect(page.getByText('You are offline.')).toBeVisible();
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  // The Users page's code is downloaded when first shown (src/app/lazy_routes.rs):
  // offline, that download fails before any API request is made.
  await expect(page.getByRole('alert').filter({ hasText: /Could not reach the API|could not be downloaded/ })).toBeVisible({
    timeout: 20_000,
  });
  await context.setOffline(false);
  await expect(page.getByText('Back online.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('once the first page has settled, the other pages\' code is fetched, so they open offline', async ({ page, emulator, context }) => {
  const modules = new Set<string>();
  page.on('requestfinished', (r) => {
    const m = r.url().match(/\/split_(\w+)-[0-9a-f]+\.wasm$/);
    if (m) modules.add(m[1]);
  });
  await signIn(page, emulator.key);
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
  // Not at once: the first view's own module and requests go first.
  expect([...modules]).toEqual(['lists']);
  await expect.poll(() => [...modules].sort(), { timeout: 15_000 }).toEqual(['forms', 'items', 'lists', 'maps']);
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Devices', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
  // The page's code is there; only its data waits for the connection.
  await expect(page.getByRole('alert').filter({ hasText: 'Could not reach the API' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('could not be downloaded')).toHaveCount(0);
  await context.setOffline(false);
  await expect(page.getByRole('table', { name: 'Devices' })).toBeVisible();
});

test("a deep link fetches its page's module beside the main one, not after it, and nothing from the wrong folder", async ({ signedIn: page, emulator, request }) => {
  const group = (await emulator.api(request, 'group?limit=1')).data[0];
  const user = (await emulator.api(request, `user/${group.id}?limit=1`)).data[0];
  const device = (await emulator.api(request, 'device?limit=1')).data[0];
  const cases: [string, string, string | null][] = [
    ['groups', 'Groups', 'lists'],
    ['devices?limit=10', 'Devices', 'lists'],
    ['users', 'Users', 'lists'],
    [`groups/${group.id}`, group.name, 'items'],
    [`devices/${device.id}`, device.name, 'items'],
    ['groups/new', 'New group', 'forms'],
    [`users/${user.id}/edit`, 'Edit user', 'forms'],
    [`devices/${device.id}/locations`, 'Locations', 'maps'],
    ['map', 'Fleet map', 'maps'],
  ];
  // Every file comes from the portal's folder, never from a deep URL's own
  // folder (as Chrome's preload scanner would ask before <base> is set).
  const misplaced: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (/^\/(groups|users|devices|map)\/.*\.(js|wasm|css)$/.test(url.pathname)) misplaced.push(url.pathname);
  });
  for (const [path, heading, module] of cases) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading, exact: false })).toBeVisible();
    // Resource Timing says who started each download: the start-up script's
    // <link rel=preload> ("link"), or the split loader's fetch() once the main
    // module ran ("fetch").
    const modules = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => [e.name.match(/\/split_(\w+)-[0-9a-f]+\.wasm$/)?.[1], (e as PerformanceResourceTiming).initiatorType])
        .filter(([m]) => m),
    );
    const by = (how: string) => modules.filter(([, i]) => i === how).map(([m]) => m);
    // Signed in, the router's module (lists) always comes with the page's.
    expect(by('link').sort(), path).toEqual(module ? [...new Set(['lists', module])].sort() : ['lists']);
    // (3 s after a page settles, the other modules follow by fetch().)
    expect(by('fetch'), path).not.toContain(module);
  }
  expect(misplaced).toEqual([]);
});

test('idle sign-out from the runtime config ends the session and says why', async ({ page, emulator }) => {
  await page.route('**/config.json', (route) => route.fulfill({ json: { idleSignOutMinutes: 0.05 } }));
  await signIn(page, emulator.key);
  await expect(page.getByText('You were signed out after 3 seconds without activity.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel('API key')).toHaveValue('');
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});

test('a crash of the wasm module shows "Something broke" once; Reload brings back the view and offers the draft', async ({ signedIn: page }) => {
  await page.goto('groups/new');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Typed before the crash');
  await expect.poll(() => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('ezmdm.draft:')).length)).toBe(1);
  // An error from some other script (an extension, say) is not a crash of the portal.
  await page.evaluate(() => window.dispatchEvent(new ErrorEvent('error', { error: new TypeError('not ours'), message: 'not ours' })));
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  // What a panic ends in (panic = "abort" runs `unreachable`), or any other trap:
  // an uncaught WebAssembly.RuntimeError, twice, as a panic and its trap would.
  await page.evaluate(() => {
    for (let i = 0; i < 2; i++) {
      window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable'), message: 'unreachable' }));
    }
  });
  const crash = page.getByRole('alertdialog', { name: 'Something broke' });
  await expect(crash).toHaveCount(1);
  await expect(crash).toContainText('unsaved changes in a form are still in this tab');
  // The form had unsaved changes: the browser may ask before reloading.
  page.once('dialog', (d) => d.accept());
  await crash.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Restore changes' }).click();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Typed before the crash');
});
