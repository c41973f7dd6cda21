import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

// Below the browser floor (README: Browsers) the start-up script in index.html
// shows a page saying why instead of starting the app: a locked-down browser
// with WebAssembly turned off, or one whose WebAssembly lacks a feature the
// build needs. Both are made here by changing WebAssembly before any of the
// page's scripts run.

/** Page errors, and whether any .wasm was requested. */
function watch(page: Page) {
  const errors: string[] = [];
  const wasm: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  return { errors, wasm };
}

test('with WebAssembly turned off the page says so and what to use', async ({ page }) => {
  const seen = watch(page);
  await page.addInitScript(() => { delete (window as any).WebAssembly; });
  await page.goto('devices/1001/locations');
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1, name: 'This browser cannot run the EzMDM Portal' })).toBeVisible();
  await expect(main).toContainText('WebAssembly is turned off or missing in this browser');
  await expect(main).toContainText('Chrome or Edge 96 or later, Firefox 89 or later, or Safari 15 or later');
  // Nothing of the app: no loading line left, no sign-in form, no wasm fetched, no error.
  await expect(page.getByText('Loading the portal…')).toHaveCount(0);
  await expect(page.getByLabel('API key')).toHaveCount(0);
  // The stylesheet still applies (the message is laid out, not raw).
  await expect(main).toHaveCSS('max-width', /px$/);
  expect(seen.wasm).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test('a WebAssembly without reference types names the missing feature', async ({ page }) => {
  const seen = watch(page);
  await page.addInitScript(() => {
    const validate = WebAssembly.validate;
    // A browser before reference types: `ref.null extern` (0xd0 0x6f) does not validate.
    WebAssembly.validate = (bytes: BufferSource) => {
      const b = new Uint8Array(bytes as ArrayBuffer);
      for (let i = 0; i + 1 < b.length; i++) if (b[i] === 0xd0 && b[i + 1] === 0x6f) return false;
      return validate(bytes);
    };
  });
  await page.goto('sign-in');
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'This browser cannot run the EzMDM Portal' })).toBeVisible();
  await expect(main).toContainText('lacks what the portal needs: reference types.');
  await expect(page.getByLabel('API key')).toHaveCount(0);
  expect(seen.wasm).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test('a browser with every feature starts the app as usual', async ({ page }) => {
  const seen = watch(page);
  await page.goto('sign-in');
  await expect(page.getByLabel('API key')).toBeVisible();
  await expect(page.getByText('This browser cannot run the EzMDM Portal')).toHaveCount(0);
  expect(seen.wasm.length).toBeGreaterThan(0);
  expect(seen.errors).toEqual([]);
});
