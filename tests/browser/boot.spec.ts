import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

// index.html paints the sign-in form before the app has downloaded (styled by
// the inlined critical CSS); the app takes it over as it mounts (src/boot.rs)
// with whatever was done in it meanwhile. Here the main wasm is held back
// until the test lets it through, so the static form is what is used first.

/** Holds every request for the main wasm until `release()` is called. */
async function holdTheApp(page: Page) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  await page.route(/_bg\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/** The markup of a form, as a list of what matters: tags, ids, classes, attributes, texts. */
async function shapeOf(page: Page) {
  return page.evaluate(() => {
    const form = document.querySelector('form.sign-in-card')!;
    const out: string[] = [];
    const walk = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = node.textContent!.trim();
        if (text) out.push(`"${text}"`);
        return;
      }
      if (!(node instanceof Element)) return; // Leptos's comment markers
      const attributes = [...node.attributes]
        .filter((a) => !['id', 'data-submitted'].includes(a.name) || node !== form)
        .map((a) => `${a.name}=${a.value}`)
        .sort();
      out.push(`<${node.tagName.toLowerCase()} ${attributes.join(' ')}>`);
      node.childNodes.forEach(walk);
      out.push(`</${node.tagName.toLowerCase()}>`);
    };
    walk(form);
    return out;
  });
}

test('the sign-in form is painted before the app and is the same form as the app’s', async ({ page }) => {
  const release = await holdTheApp(page);
  const config = page.waitForRequest(/\/config\.json$/);
  await page.goto('sign-in');
  const key = page.getByLabel('API key');
  await expect(key).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'EzMDM Portal' })).toBeVisible();
  // Styled already: the card is laid out by the inlined CSS, the stylesheet is not needed.
  await expect(page.locator('form.sign-in-card')).toHaveCSS('border-radius', '12px');
  expect(await page.evaluate(() => document.querySelectorAll('link[rel=stylesheet][blocking]').length)).toBe(0);
  // The stylesheet and config.json still come before the app, once the form is parsed.
  await expect.poll(() => page.evaluate(() =>
    [...document.styleSheets].some((sheet) => /\/main-[0-9a-f]+\.css$/.test(sheet.href ?? '')))).toBe(true);
  await config;
  const before = await shapeOf(page);
  release();
  await expect(page.locator('#boot')).toHaveCount(0);
  expect(await shapeOf(page)).toEqual(before);
});

test('what is typed before the app runs is kept, with the focus and the caret', async ({ page, emulator }) => {
  const release = await holdTheApp(page);
  await page.goto('sign-in?next=%2Fgroups');
  const key = page.getByLabel('API key');
  await key.pressSequentially(emulator.key);
  await page.getByRole('button', { name: 'Show key' }).click();
  await expect(page.getByRole('button', { name: 'Hide key' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByText('Advanced').click();
  await page.getByLabel('API base').fill('/api/v1');
  await key.focus();
  await key.evaluate((input: HTMLInputElement) => input.setSelectionRange(3, 5));
  release();
  await expect(page.locator('#boot')).toHaveCount(0);

  // The app's own form, as it was left.
  await expect(key).toHaveValue(emulator.key);
  await expect(key).toHaveAttribute('type', 'text');
  await expect(page.getByRole('button', { name: 'Hide key' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('API base')).toBeVisible();
  await expect(page.getByLabel('API base')).toHaveValue('/api/v1');
  await expect(key).toBeFocused();
  expect(await key.evaluate((input: HTMLInputElement) => [input.selectionStart, input.selectionEnd])).toEqual([3, 5]);
  // And it works: typing goes on at the caret, Enter signs in.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
});

test('Sign in pressed before the app runs is sent once the app is there, and never in a URL', async ({ page, emulator }) => {
  const release = await holdTheApp(page);
  const checks: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/')) checks.push(r.url()); });
  const navigations: string[] = [];
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations.push(f.url()); });
  await page.goto('devices');
  // A page of the portal while signed out shows the form too (the app sends it to sign-in).
  await page.getByLabel('API key').fill(emulator.key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Signing in…' })).toBeDisabled();
  expect(checks).toEqual([]);
  release();
  await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  // One check of the key, then the page's own list.
  expect(checks[0]).toMatch(new RegExp(`/api/v1/${emulator.key}/group\\?`));
  expect(navigations.every((url) => !url.includes(emulator.key) && !url.includes('api-key'))).toBe(true);
});

test('a signed-in page load paints the loading line, not the form', async ({ page, emulator }) => {
  await page.addInitScript((key) => sessionStorage.setItem('ezmdm.apiKey', key), emulator.key);
  const release = await holdTheApp(page);
  await page.goto('groups');
  await expect(page.getByRole('status').filter({ hasText: 'Loading the portal…' })).toBeVisible();
  await expect(page.getByLabel('API key')).toBeHidden();
  release();
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
  await expect(page.getByText('Loading the portal…')).toHaveCount(0);
});
