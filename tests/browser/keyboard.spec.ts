import AxeBuilder from '@axe-core/playwright';
import { test, expect, allPages } from './fixtures';
import type { Page } from '@playwright/test';

async function scan(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target).join(', ')}`);
  expect(summary).toEqual([]);
}

const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });
const combobox = (page: Page) => palette(page).getByRole('combobox', { name: 'Go to a page, group, user or device' });

test('the palette, by keyboard alone, opens a device that is on a later page of the list', async ({ signedIn: page, emulator, request }) => {
  const devices = await allPages(emulator, request, 'device');
  // Past the first page of 25, with a name no other device shares.
  const far = devices.slice(25).find((d) => devices.filter((o) => o.name === d.name).length === 1)!;
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(palette(page)).toBeVisible();
  const input = combobox(page);
  await expect(input).toBeFocused();
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  await input.pressSequentially(far.name.slice(0, 12));
  // Once the devices are read, the device is among the matches.
  const option = palette(page).getByRole('option').filter({ hasText: far.name });
  await expect(option).toBeVisible({ timeout: 20_000 });
  await input.fill(far.name);
  await expect(palette(page).getByRole('option').first()).toContainText(far.name);
  await page.keyboard.press('ArrowDown');
  const first = palette(page).getByRole('option').first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/devices/${encodeURIComponent(far.id)}$`));
  await expect(page.getByRole('heading', { level: 1, name: far.name })).toBeVisible();

  // Opened again, it offers that device first, as a recent item.
  await page.getByRole('button', { name: /Search/ }).click();
  await expect(palette(page).getByRole('option').first()).toContainText(far.name);
  await expect(palette(page).getByRole('option').first()).toContainText('recent');
});

test('recent items are forgotten at a forced sign-out: the tab keeps nothing but drafts', async ({ signedIn: page, emulator, request }) => {
  const device = (await emulator.api(request, 'device?limit=5')).data[0];
  await page.goto(`devices/${device.id}`);
  await expect(page.getByRole('heading', { level: 1, name: device.name })).toBeVisible();
  await expect.poll(() => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('ezmdm.recent:')).length)).toBe(1);
  await page.route('**/api/v1/**', (route) =>
    route.fulfill({ status: 401, contentType: 'application/json', body: '{"success":false,"error":"Invalid API Key"}' }));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page.getByText('You were signed out because the API rejected the key')).toBeVisible({ timeout: 20_000 });
  expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
});

test('pages by name; Home, End and ArrowUp move; Escape closes and gives the focus back', async ({ signedIn: page }) => {
  const button = page.getByRole('button', { name: /Search/ });
  await button.focus();
  await page.keyboard.press('Enter');
  const input = combobox(page);
  await expect(input).toBeFocused();
  await input.fill('map');
  await expect(palette(page).getByRole('option').first()).toContainText('Map');
  await page.keyboard.press('End');
  const options = palette(page).getByRole('option');
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  // Tab stays inside the dialog.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'))).toBe(true);
  await input.focus();
  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  await expect(button).toBeFocused();

  await page.keyboard.press('Control+k');
  await combobox(page).fill('devic');
  await expect(palette(page).getByRole('option').first()).toContainText('Devices');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/devices$/);
  await expect(page.getByRole('table', { name: 'Devices' })).toBeVisible();
});

test('"/" focuses the search, "g d" goes to devices, "j j Enter" opens the second row', async ({ signedIn: page, emulator, request }) => {
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search groups on this page' });
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  // Typed in a search box, shortcuts are just text.
  await search.pressSequentially('g d j /');
  await expect(search).toHaveValue('g d j /');
  await expect(page).toHaveURL(/\/groups/);
  await search.fill('');
  await search.blur();

  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await expect(page).toHaveURL(/\/devices$/);
  const devices = (await emulator.api(request, 'device?limit=25')).data;
  const table = page.getByRole('table', { name: 'Devices' });
  await expect(table.getByRole('link', { name: devices[1].name, exact: true })).toBeVisible();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(table.getByRole('link', { name: devices[1].name, exact: true })).toBeFocused();
  await page.keyboard.press('k');
  await expect(table.getByRole('link', { name: devices[0].name, exact: true })).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/devices/${encodeURIComponent(devices[1].id)}$`));

  // Ctrl held: not a shortcut.
  await page.keyboard.press('Control+g');
  await page.keyboard.press('o');
  await expect(page).toHaveURL(new RegExp(`/devices/${encodeURIComponent(devices[1].id)}$`));
  // `g` then a pause longer than the sequence allows: nothing.
  await page.keyboard.press('g');
  await page.waitForTimeout(1_700);
  await page.keyboard.press('o');
  await expect(page).toHaveURL(new RegExp(`/devices/${encodeURIComponent(devices[1].id)}$`));
  await page.keyboard.press('g');
  await page.keyboard.press('o');
  await expect(page).toHaveURL(/\/overview$/);
});

test('"?" lists the shortcuts; Escape closes it', async ({ signedIn: page }) => {
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const what of ['Open the command palette', 'Search the list on this page', 'Go to devices', 'Next row of the list']) {
    await expect(help.getByText(what)).toBeVisible();
  }
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  // Typed in a field, "?" is text.
  await page.getByRole('searchbox', { name: 'Search groups on this page' }).fill('?');
  await expect(help).toHaveCount(0);
});

test('the open palette and the shortcuts dialog have no axe violations', async ({ signedIn: page }) => {
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await combobox(page).fill('s');
  await expect(palette(page).getByRole('option').first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await scan(page);
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await scan(page);
});
