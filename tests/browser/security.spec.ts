import { createHash } from 'node:crypto';
import { test, expect, signIn, Emulator } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

// The portal runs under the emulator's Content-Security-Policy (no inline script but the
// hashed ones, no inline style, images from 'self', data: and the tile server only).

type Violation = { directive: string; blocked: string; source: string; line: number; sample: string; page: string };

// A 1×1 PNG: map tiles are answered here, so the test needs no network. Routing happens
// after the browser's CSP check, so a tile the policy refused would still be reported.
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** Collects every CSP violation of every document the page loads (and the console's reports). */
async function watchViolations(page: Page) {
  const violations: Violation[] = [];
  const consoleReports: string[] = [];
  await page.exposeFunction('__cspViolation', (v: Violation) => { violations.push(v); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__cspViolation({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        source: e.sourceFile,
        line: e.lineNumber,
        sample: e.sample,
        page: location.pathname + location.search,
      });
    }, true);
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) consoleReports.push(m.text());
  });
  await page.route('https://tile.openstreetmap.org/**', (route) =>
    route.fulfill({ contentType: 'image/png', body: TILE }));
  return { violations, consoleReports };
}

/** The sha256 CSP sources of the inline `<script>`s (or `<style>`s) of an HTML document. */
function inlineHashes(html: string, tag: 'script' | 'style' = 'script'): string[] {
  const out: string[] = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of withoutComments.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)<\\/${tag}`, 'gi'))) {
    if (/\bsrc\s*=/i.test(m[1])) continue;
    const text = m[2].replace(/\r\n?/g, '\n');
    out.push(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  }
  return out;
}

function directive(policy: string, name: string): string | undefined {
  return policy.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `))?.slice(name.length + 1);
}

/** A device with a real track (the locations page then draws a map). */
async function trackedDevice(emulator: Emulator, request: APIRequestContext) {
  const devices = (await emulator.api(request, 'device?limit=30')).data;
  for (const device of devices) {
    if ((await emulator.api(request, `devicelocation/${device.id}?limit=1`)).total > 50) return device;
  }
  throw new Error('no tracked device');
}

test('the index page and the API are served with their security headers', async ({ emulator, request }) => {
  const index = await request.get(emulator.portal);
  expect(index.status()).toBe(200);
  const headers = index.headers();
  const policy = headers['content-security-policy'];
  expect(policy).toBeTruthy();
  const html = await index.text();
  const hashes = inlineHashes(html);
  expect(hashes).toHaveLength(2); // our start-up script and Trunk's start-up module
  expect(directive(policy, 'script-src')).toBe(`'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`);
  expect(directive(policy, 'default-src')).toBe("'self'");
  const styles = inlineHashes(html, 'style');
  expect(styles).toHaveLength(1); // the critical CSS (style/critical.css)
  expect(directive(policy, 'style-src')).toBe(`'self' ${styles[0]}`);
  expect(directive(policy, 'img-src')).toBe("'self' data: https://tile.openstreetmap.org");
  expect(directive(policy, 'connect-src')).toBe("'self'");
  expect(directive(policy, 'object-src')).toBe("'none'");
  expect(directive(policy, 'base-uri')).toBe("'self'");
  expect(directive(policy, 'form-action')).toBe("'self'");
  expect(directive(policy, 'frame-ancestors')).toBe("'self'");
  expect(policy).not.toContain('unsafe-inline');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-content-type-options']).toBe('nosniff');

  // A deep link gets the same page and the same policy.
  const deep = await request.get(`${emulator.portal}devices/1/locations?range=all`);
  expect(deep.headers()['content-security-policy']).toBe(policy);

  const api = await request.get(`${emulator.apiBase}/${emulator.key}/group?limit=1`);
  expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
});

test('sign-in, lists, item pages and the lazily loaded map run without a CSP violation', async ({ page, emulator, request }) => {
  test.setTimeout(60_000); // seven full page loads on a busy machine
  const { violations, consoleReports } = await watchViolations(page);
  const group = (await emulator.api(request, 'group?limit=1')).data[0];
  const user = (await emulator.api(request, `user/${group.id}?limit=1`)).data[0];
  const device = await trackedDevice(emulator, request);

  // Sign-in (the document's response carries the policy).
  const response = await page.goto('sign-in');
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  await expect(page.getByRole('heading', { level: 1, name: 'EzMDM Portal' })).toBeVisible();
  await signIn(page, emulator.key);
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Groups' }).getByRole('link', { name: group.name, exact: true })).toBeVisible();

  // Each of these is a full page load (a fresh document under the policy).
  await page.goto('groups');
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();

  await page.goto(`groups/${group.id}`);
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Users in this group' })).toBeVisible();

  await page.goto(`users/${user.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `${user.firstName} ${user.lastName}` })).toBeVisible();

  await page.goto(`devices/${device.id}`);
  await expect(page.getByRole('heading', { level: 1, name: device.name })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Latest location' })).toBeVisible();
  await expect(page.getByRole('region', { name: `Map of ${device.name}'s latest location` })).toHaveAttribute('data-fixes', '1');

  // Leaflet (script and stylesheet from 'self', loaded on demand), tiles, canvas track.
  await page.goto(`devices/${device.id}/locations?range=all`);
  await expect(page.getByRole('heading', { level: 1, name: `Locations of ${device.name}` })).toBeVisible();
  const map = page.getByRole('region', { name: `Map of ${device.name}'s locations` });
  await expect(map).toHaveAttribute('data-fixes', /^\d+$/);
  await expect.poll(() => map.locator('img.leaflet-tile-loaded').count()).toBeGreaterThan(0);
  // Leaflet's stylesheet applied (it positions the panes absolutely).
  expect(await map.locator('.leaflet-pane').first().evaluate((el) => getComputedStyle(el).position)).toBe('absolute');

  // Export makes a blob: download.
  const download = page.waitForEvent('download');
  await page.getByRole('group', { name: 'Export the shown fixes' }).getByRole('button', { name: 'GeoJSON' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.geojson$/);

  // Let late reports (images, styles applied after load) arrive before judging.
  await page.waitForTimeout(300);
  expect(violations).toEqual([]);
  expect(consoleReports).toEqual([]);
});
