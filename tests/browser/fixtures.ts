// One fixture that starts a fresh emulator (in-memory database, demo seed)
// serving the built portal, plus small helpers the specs share.
import { test as base, expect, Page, APIRequestContext } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';
import path from 'node:path';

export const API_KEY = 'test-key-0123456789abcdefWXYZ';

export type Emulator = {
  /** Origin, e.g. http://127.0.0.1:43121 */
  origin: string;
  /** Where the portal is mounted, with a trailing slash. */
  portal: string;
  apiBase: string;
  key: string;
  /** GET an API path (after the key), returning the envelope. */
  api: (request: APIRequestContext, item: string) => Promise<any>;
  stop: () => Promise<void>;
};

const root = path.resolve(__dirname, '../..');

export async function startEmulator(extra: string[] = []): Promise<Emulator> {
  const bin = process.env.EMULATOR_BIN ?? path.join(root, 'target/debug/ezmdm-emulator');
  const child: ChildProcess = spawn(
    bin,
    ['--addr', '127.0.0.1:0', '--db', ':memory:', ...(extra.includes('--seed') ? [] : ['--seed', 'demo']), '--api-key', API_KEY,
      '--static', process.env.PORTAL_DIST ?? path.join(root, 'dist'), ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const m = output.match(/listening on (http:\/\/[^\s/]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`emulator exited (${code}):\n${output}`)));
  });
  const mount = extra.includes('--mount') ? extra[extra.indexOf('--mount') + 1].replace(/\/?$/, '/') : '/';
  const apiBase = `${origin}/api/v1`;
  return {
    origin,
    portal: `${origin}${mount}`,
    apiBase,
    key: API_KEY,
    api: async (request, item) => {
      const res = await request.get(`${apiBase}/${API_KEY}/${item}`);
      return res.json();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const test = base.extend<{ signedIn: Page }, { emulator: Emulator }>({
  emulator: [
    async ({}, use) => {
      const emulator = await startEmulator();
      await use(emulator);
      await emulator.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ emulator }, use) => use(emulator.portal),
  /** A page already signed in with the emulator's key, on Groups. */
  signedIn: async ({ page, emulator }, use) => {
    await signIn(page, emulator.key);
    await use(page);
  },
});

export async function signIn(page: Page, key: string, path = 'sign-in') {
  // Tests start from Groups: the signed-in home (the overview) reads the
  // whole fleet, which most tests have no need of.
  await page.goto(path.includes('?') ? path : `${path}?next=%2Fgroups`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** The server does the `method` request to `url`, but its answer never reaches the browser. */
export async function loseAnswerTo(page: Page, url: string, method: string) {
  await page.route(url, async (route) => {
    if (route.request().method() !== method) return route.continue();
    await route.fetch();
    await route.abort('connectionreset');
  });
}

/** Every item of a list (`group`, `user/{groupId}`, `devicelocation/{id}` …), page by page. */
export async function allPages(emulator: Emulator, request: APIRequestContext, item: string): Promise<any[]> {
  const out: any[] = [];
  for (let page = 1; ; page++) {
    const body = await emulator.api(request, `${item}${item.includes('?') ? '&' : '?'}limit=100&page=${page}`);
    out.push(...(body.data ?? []));
    if (out.length >= body.total || !body.data?.length) return out;
  }
}

export { expect };
