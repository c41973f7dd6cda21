// Faults between the portal and the API, injected with request interception:
// for each one, what the user sees. Every test also checks that the portal did
// not crash (no "Something broke" screen, no uncaught error).
import { test, expect, signIn, startEmulator } from './fixtures';
import type { Page, Route, Request } from '@playwright/test';

const API = '**/api/v1/**';

/** The item of an API request (`group`, `user` …) and whether it names an id. */
function apiPath(url: string): { item: string; id?: string } {
  const { pathname } = new URL(url);
  const parts = pathname.split('/api/v1/')[1]?.split('/') ?? [];
  return { item: parts[1] ?? '', id: parts[2] };
}

/** A list request of `item` (no identifier), as the list pages send them. */
const isList = (request: Request, item: string) => {
  const p = apiPath(request.url());
  return request.method() === 'GET' && p.item === item && p.id === undefined;
};

/**
 * Answers the list requests of `item` with `fault` while it returns a response,
 * lets everything else (and the fault's `undefined`) through, and counts them.
 */
async function faultList(page: Page, item: string, fault: (n: number) => Parameters<Route['fulfill']>[0] | undefined) {
  const seen: number[] = [];
  await page.route(API, async (route) => {
    if (!isList(route.request(), item)) return route.fallback();
    seen.push(Date.now());
    const answer = fault(seen.length);
    if (answer === undefined) return route.continue();
    return route.fulfill(answer);
  });
  return seen;
}

/** Records crashes: uncaught errors, the panic hook's console line. */
function watchCrashes(page: Page) {
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /crashed|panicked|unreachable/i.test(m.text())) crashes.push(m.text());
  });
  return crashes;
}

async function expectNoCrash(page: Page, crashes: string[]) {
  await expect(page.getByText('Something broke')).toHaveCount(0);
  await expect(page.locator('.crash-screen')).toHaveCount(0);
  expect(crashes).toEqual([]);
}

const usersLink = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true });
const usersTable = (page: Page) => page.getByRole('table', { name: 'Users' });
const alert = (page: Page) => page.locator('.error-panel[role="alert"]');

test('500 on a list: retried 3 times with backoff, then the server\'s words and a working Retry', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  let failing = true;
  const seen = await faultList(page, 'user', () =>
    failing
      ? { status: 500, contentType: 'application/json', body: '{"success":false,"error":"Internal database error"}' }
      : undefined);
  await usersLink(page).click();
  await expect(alert(page)).toContainText('Internal database error', { timeout: 20_000 });
  expect(seen).toHaveLength(3);
  // Backoff: 400–600 ms, then 800–1200 ms (plus the answer's own time).
  expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(350);
  expect(seen[2] - seen[1]).toBeGreaterThanOrEqual(750);
  // No fourth attempt on its own.
  await page.waitForTimeout(2_500);
  expect(seen).toHaveLength(3);

  failing = false;
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  await expect(alert(page)).toHaveCount(0);
  expect(seen).toHaveLength(4);
  await expectNoCrash(page, crashes);
});

test('500 with a plain-text body says the status and the text', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  const seen = await faultList(page, 'user', () => ({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }));
  await usersLink(page).click();
  await expect(alert(page)).toContainText('The server answered HTTP 500: "Internal Server Error"', { timeout: 20_000 });
  expect(seen).toHaveLength(3);
  await expectNoCrash(page, crashes);
});

test('502 with an HTML page from a proxy: a plain message, the HTML never rendered', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  let failing = true;
  const html = '<html><head><title>502 Bad Gateway</title></head><body><h1 id="proxy-h1">502 Bad Gateway</h1>'
    + '<img src="x" onerror="window.__proxy=1"><hr><center>nginx</center></body></html>';
  const seen = await faultList(page, 'user', () => (failing ? { status: 502, contentType: 'text/html', body: html } : undefined));
  await usersLink(page).click();
  await expect(alert(page)).toContainText('The server answered HTTP 502: an HTML page, probably from a proxy or gateway', { timeout: 20_000 });
  expect(seen).toHaveLength(3);
  await expect(page.locator('#proxy-h1')).toHaveCount(0);
  await expect(page.getByText('nginx')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__proxy)).toBeUndefined();

  failing = false;
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

test('429 then success: the retry waits as long as Retry-After asks, and no error is shown', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  const errorsSeen: string[] = [];
  const seen = await faultList(page, 'user', (n) =>
    n === 1
      ? { status: 429, headers: { 'Retry-After': '2' }, contentType: 'application/json', body: '{"success":false,"error":"Too many requests"}' }
      : undefined);
  // Any error panel shown even for a moment is recorded.
  await page.exposeFunction('__sawError', (t: string) => { errorsSeen.push(t); });
  await page.evaluate(() => {
    new MutationObserver(() => {
      const panel = document.querySelector('.error-panel');
      if (panel) (window as any).__sawError(panel.textContent ?? '');
    }).observe(document.body, { childList: true, subtree: true });
  });
  await usersLink(page).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  expect(seen).toHaveLength(2);
  // The own backoff would have waited 400–600 ms; the server asked for 2 s.
  expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(1_900);
  await expect(alert(page)).toHaveCount(0);
  expect(errorsSeen).toEqual([]);
  await expectNoCrash(page, crashes);
});

test('429 asking for minutes: says how long to wait instead of spinning, Retry works', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  let busy = true;
  const seen = await faultList(page, 'user', () =>
    busy
      ? { status: 429, headers: { 'Retry-After': '120' }, contentType: 'application/json', body: '{"success":false,"error":"Too many requests"}' }
      : undefined);
  await usersLink(page).click();
  await expect(alert(page)).toContainText('asked to wait 120 seconds', { timeout: 20_000 });
  expect(seen).toHaveLength(1);
  busy = false;
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

test('malformed JSON with 200: "could not be read", not retried, Retry recovers', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  let failing = true;
  const seen = await faultList(page, 'user', () =>
    failing ? { status: 200, contentType: 'application/json', body: '{"success":true,"data":[{"id":"1","firstName":"A"' } : undefined);
  await usersLink(page).click();
  await expect(alert(page)).toContainText('The server\'s answer could not be read: it is not JSON', { timeout: 20_000 });
  // A 200 is an answer: reading it again would not help, so it is not retried.
  expect(seen).toHaveLength(1);
  failing = false;
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

const WRONG_SHAPES: Array<[string, string]> = [
  ['{"success":true,"data":{"id":"1","firstName":"Ann"}}', 'expected a list of users, got an object'],
  ['{"success":false}', 'The server reported a failure without saying why.'],
  ['{"success":true,"data":42}', 'expected a list of users, got a number'],
  ['{"success":true,"data":"users"}', 'expected a list of users, got a string'],
  ['{"success":true,"data":[{"firstName":"No id"}]}', 'user 1 of the list: a user has no id'],
  ['{"success":true,"data":[null]}', 'user 1 of the list: expected an object, got null'],
  ['{"data":[]}', 'it has no "success" field'],
  ['[]', 'expected an object, got a list'],
  ['"ok"', 'expected an object, got a string'],
  // JSON, but not a string a decoder takes (a lone surrogate): refused when the page reads it.
  ['{"success":true,"data":[{"id":"1","firstName":"\\ud800"}]}', 'its data could not be read as JSON'],
];

test('JSON of the wrong shape: each is a clear error, never a crash', async ({ signedIn: page }) => {
  test.setTimeout(90_000);
  const crashes = watchCrashes(page);
  let current: string | null = null;
  await faultList(page, 'user', () =>
    current === null ? undefined : { status: 200, contentType: 'application/json', body: current });
  for (const [body, message] of WRONG_SHAPES) {
    current = body;
    // A full load each time: a fresh query cache (see the Retry test below).
    await page.goto('users');
    await expect(alert(page), body).toContainText(message, { timeout: 20_000 });
    await expect(alert(page).getByRole('button', { name: 'Retry' })).toBeVisible();
  }
  current = null;
  await page.goto('users');
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

// A 2xx answer of the wrong shape must not stay in the query cache: Retry asks the
// server again (it once re-read the cached bad answer for 30 s).
test('Retry after a wrong-shape list answer asks the server again', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  let failing = true;
  const seen = await faultList(page, 'user', () =>
    failing ? { status: 200, contentType: 'application/json', body: WRONG_SHAPES[0][0] } : undefined);
  await usersLink(page).click();
  await expect(alert(page)).toContainText(WRONG_SHAPES[0][1], { timeout: 20_000 });
  expect(seen).toHaveLength(1);
  failing = false;
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 15_000 });
  expect(seen).toHaveLength(2);
  await expectNoCrash(page, crashes);
});

test('wrong shapes on an item page (a group) are errors too', async ({ signedIn: page, emulator, request }) => {
  const crashes = watchCrashes(page);
  const group = (await emulator.api(request, 'group?limit=1')).data[0];
  let body: string | null = null;
  await page.route(API, (route) => {
    const p = apiPath(route.request().url());
    if (body === null || p.item !== 'group' || p.id !== group.id) return route.fallback();
    return route.fulfill({ status: 200, contentType: 'application/json', body });
  });
  for (const [shape, message] of [
    ['{"success":true,"data":[1,2,3]}', 'The server\'s answer could not be read: expected an object, got a list'],
    ['{"success":true}', 'The server\'s answer could not be read: the answer holds no group'],
    ['{"success":true,"data":{"name":"No id"}}', 'a group has no id'],
    ['{"success":true,"data":"7"}', 'expected an object, got a string'],
  ]) {
    body = shape;
    await page.goto(`groups/${group.id}`);
    await expect(alert(page).first(), shape).toContainText(message, { timeout: 20_000 });
  }
  body = null;
  await page.goto(`groups/${group.id}`);
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

// As above, for one item: Retry on a group page that got `{"success":true}` (no data).
test('Retry after a wrong-shape item answer asks the server again', async ({ signedIn: page, emulator, request }) => {
  const group = (await emulator.api(request, 'group?limit=1')).data[0];
  let failing = true;
  let asked = 0;
  await page.route(API, (route) => {
    const p = apiPath(route.request().url());
    if (p.item !== 'group' || p.id !== group.id) return route.fallback();
    asked++;
    return failing ? route.fulfill({ json: { success: true } }) : route.continue();
  });
  await page.goto(`groups/${group.id}`);
  await expect(alert(page).first()).toContainText('the answer holds no group', { timeout: 20_000 });
  failing = false;
  await alert(page).first().getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible({ timeout: 15_000 });
  expect(asked).toBe(2);
});

test('an empty body with 200 says so', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  let failing = true;
  await faultList(page, 'user', () => (failing ? { status: 200, contentType: 'application/json', body: '' } : undefined));
  await usersLink(page).click();
  await expect(alert(page)).toContainText('The server\'s answer could not be read: the body was empty', { timeout: 20_000 });
  failing = false;
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

test('connection refused at sign-in: the API could not be reached, and the API base setting is named', async ({ page, emulator }) => {
  const crashes = watchCrashes(page);
  await page.goto('sign-in');
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByText('Advanced').click();
  await page.getByLabel('API base').fill('http://127.0.0.1:9/api/v1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const message = page.locator('#sign-in-error');
  await expect(message).toContainText('Could not reach the API at http://127.0.0.1:9/api/v1', { timeout: 20_000 });
  await expect(message).toContainText('API base setting');
  // Still on the sign-in page, with what was typed.
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel('API key')).toHaveValue(emulator.key);
  await expect(page.getByLabel('API base')).toHaveValue('http://127.0.0.1:9/api/v1');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  // Emptying the API base signs in against the default one.
  await page.getByLabel('API base').fill('');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

test('connection refused on a list: retried, then "Could not reach the API", Retry recovers', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  let failing = true;
  const seen: number[] = [];
  await page.route(API, (route) => {
    if (!isList(route.request(), 'user')) return route.fallback();
    if (!failing) return route.continue();
    seen.push(Date.now());
    return route.abort('connectionrefused');
  });
  await usersLink(page).click();
  await expect(alert(page)).toContainText('Could not reach the API at ', { timeout: 20_000 });
  await expect(alert(page)).toContainText('API base setting');
  expect(seen).toHaveLength(3);
  failing = false;
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

test('a slow answer for a page you left never replaces the page you are on', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  let held!: () => void;
  const heldRequest = new Promise<void>((r) => { held = r; });
  let fulfilled: 'yes' | 'failed' | 'no' = 'no';
  await page.route(API, async (route) => {
    if (!isList(route.request(), 'group') || new URL(route.request().url()).searchParams.get('limit') === '1') {
      return route.fallback();
    }
    held();
    await released;
    try {
      await route.fulfill({
        json: { success: true, data: [{ id: 'slow-1', name: 'Slow group from the page you left' }], page: 1, total: 1 },
      });
      fulfilled = 'yes';
    } catch {
      fulfilled = 'failed'; // the portal aborted the request when the page was left
    }
  });
  // A full load: the Groups list is asked for (and held).
  await page.goto('groups');
  await heldRequest;
  await expect(page.getByText('Loading groups…')).toBeVisible({ timeout: 20_000 });
  await usersLink(page).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  await expect(page).toHaveURL(/\/users$/);
  release();
  await expect.poll(() => fulfilled, { timeout: 10_000 }).not.toBe('no');
  // Give a late answer every chance to land (proving something does not happen).
  await page.waitForTimeout(1_500);
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(usersTable(page)).toBeVisible();
  await expect(page.getByText('Slow group from the page you left')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toHaveCount(0);
  await expectNoCrash(page, crashes);
});

test('a lost answer to New group: an error, the form keeps what was typed, one PUT only', async ({ signedIn: page, emulator, request }) => {
  const crashes = watchCrashes(page);
  const name = `Lost answer ${Date.now()}`;
  const description = 'Typed before the network dropped';
  const puts: string[] = [];
  await page.route(API, async (route) => {
    if (route.request().method() !== 'PUT') return route.fallback();
    puts.push(route.request().postData() ?? '');
    // The server gets the request and creates the group; its answer is lost.
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.getByRole('link', { name: 'New group' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Description', exact: true }).fill(description);
  await page.getByRole('button', { name: 'Create group' }).click();
  const error = page.locator('form .form-error[role="alert"]');
  await expect(error).toContainText('Could not reach the API', { timeout: 20_000 });
  // (A friendlier "it may have been created, look for it" flow is planned.)
  await expect(page).toHaveURL(/\/groups\/new$/);
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(name);
  await expect(page.getByRole('textbox', { name: 'Description', exact: true })).toHaveValue(description);
  await expect(page.getByRole('button', { name: 'Create group' })).toBeEnabled();
  // A PUT is never repeated by the client: the group exists once on the server.
  await page.waitForTimeout(1_500);
  expect(puts).toHaveLength(1);
  expect(puts[0]).toContain(`name=${encodeURIComponent(name).replace(/%20/g, '+')}`);
  const all = (await emulator.api(request, 'group?limit=100')).data as any[];
  expect(all.filter((g) => g.name === name)).toHaveLength(1);
  await expectNoCrash(page, crashes);
});

test('a GET that never answers: abandoned after the configured time, not tried again by itself', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  // A short limit keeps the test quick; the default is 20 s.
  await page.route('**/config.json', (route) => route.fulfill({ json: { requestTimeoutSeconds: 3 } }));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible({ timeout: 20_000 });
  let hang = true;
  const seen: number[] = [];
  await page.route(API, (route) => {
    if (!isList(route.request(), 'user')) return route.fallback();
    seen.push(Date.now());
    // Never fulfilled, continued or aborted: the portal's own timer must end it.
    if (hang) return new Promise<void>(() => {});
    return route.continue();
  });
  await usersLink(page).click();
  await expect(page.getByText('Loading users…')).toBeVisible({ timeout: 20_000 });
  await expect(alert(page)).toContainText('The server did not answer within 3 seconds.', { timeout: 20_000 });
  expect(seen).toHaveLength(1);
  await page.waitForTimeout(1_500);
  expect(seen).toHaveLength(1);
  hang = false;
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

test('a fault on the sign-in check keeps the key typed and says what happened', async ({ page, emulator }) => {
  const crashes = watchCrashes(page);
  await page.route(API, (route) =>
    route.fulfill({ status: 503, contentType: 'text/html', body: '<html><body>Service Unavailable</body></html>' }));
  await page.goto('sign-in');
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#sign-in-error')).toContainText('The server answered HTTP 503: an HTML page', { timeout: 20_000 });
  await expect(page.getByLabel('API key')).toHaveValue(emulator.key);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await page.unrouteAll();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible({ timeout: 20_000 });
  await expectNoCrash(page, crashes);
});

test('a slow API (emulator latency) shows loading, then the data, without errors', async ({ page }) => {
  const slow = await startEmulator(['--latency-ms', '1500']);
  try {
    const crashes = watchCrashes(page);
    await signIn(page, slow.key, `${slow.portal}sign-in`);
    await usersLink(page).click();
    await expect(page.getByText('Loading users…')).toBeVisible();
    await expect(usersTable(page)).toBeVisible({ timeout: 20_000 });
    await expect(alert(page)).toHaveCount(0);
    await expectNoCrash(page, crashes);
  } finally {
    await slow.stop();
  }
});

test('a route whose code fails to download says so inside the shell, and Retry loads it', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  // The main module came with the page; the map's chunks (src/app/lazy_routes.rs)
  // are fetched when the map is first shown.
  const chunk = (url: URL) => url.pathname.endsWith('.wasm') && !url.pathname.endsWith('_bg.wasm');
  let refused = 0;
  await page.route(chunk, (route) => {
    refused++;
    return route.abort('internetdisconnected');
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map', exact: true }).click();
  await expect(alert(page)).toContainText('This page could not be downloaded');
  expect(refused).toBeGreaterThan(0);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expectNoCrash(page, crashes);

  await page.unroute(chunk);
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet map' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Fleet map' })).toBeVisible();
  await expectNoCrash(page, crashes);
});

test('the portal whose router fails to download says so, and Retry shows the page, whose export works', async ({ signedIn: page, emulator, request }) => {
  const crashes = watchCrashes(page);
  const group = (await emulator.api(request, 'group?limit=100&page=1')).data.find((g: any) => g.name === 'Sales');
  const users = (await emulator.api(request, `user/${group.id}?limit=100&page=1`)).total;
  // The router, the shell and the export's code are in the lists module
  // (src/app/router.rs), which a signed-in page load fetches beside the main
  // module: it is refused from the page load on.
  const chunk = (url: URL) => /\/split_lists-[0-9a-f]+\.wasm$/.test(url.pathname);
  let refused = 0;
  await page.route(chunk, (route) => {
    refused++;
    return route.abort('internetdisconnected');
  });
  await page.goto(`groups/${group.id}`);
  await expect(alert(page)).toContainText('The portal could not be downloaded. Check the connection, then retry.');
  expect(refused).toBeGreaterThan(0);
  // index.html's painted shell has given way to the message.
  await expect(page.locator('#boot')).toHaveCount(0);
  await expectNoCrash(page, crashes);

  await page.unroute(chunk);
  await alert(page).getByRole('button', { name: 'Retry' }).click();
  const table = page.getByRole('table', { name: 'Users' });
  await expect(table).toBeVisible();
  await expect(alert(page)).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('group-users.csv');
  const chunks: Buffer[] = [];
  for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).toString('utf8').trim().split('\r\n')).toHaveLength(users + 1);
  await expectNoCrash(page, crashes);
});

test('the portal whose router failed to download loads it when the connection comes back', async ({ signedIn: page }) => {
  const crashes = watchCrashes(page);
  const chunk = (url: URL) => /\/split_lists-[0-9a-f]+\.wasm$/.test(url.pathname);
  await page.route(chunk, (route) => route.abort('internetdisconnected'));
  await page.goto('devices');
  await expect(alert(page)).toContainText('The portal could not be downloaded');
  await page.unroute(chunk);
  await page.context().setOffline(true);
  await page.context().setOffline(false);
  await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  await expect(alert(page)).toHaveCount(0);
  await expectNoCrash(page, crashes);
});
