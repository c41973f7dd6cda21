// Lists an admin shapes: the columns shown and their order, saved views
// shared as a file, and how times show (ages or exact, local or UTC).
import AxeBuilder from '@axe-core/playwright';
import { test, expect, allPages } from './fixtures';
import type { Download, Page } from '@playwright/test';

async function text(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The table's column headers, without the row checkboxes' column. */
async function headers(page: Page, name = 'Devices'): Promise<string[]> {
  const table = page.getByRole('table', { name });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  const all = await table.getByRole('columnheader').allInnerTexts();
  return all.map((t) => t.replace(/[▲▼]/g, '').trim()).filter((t) => t !== '');
}

async function noAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

test('columns are hidden and moved by keyboard, survive a reload with the page size, and the CSV has visible columns or every field', async ({ signedIn: page, emulator, request }) => {
  const devices = await allPages(emulator, request, 'device');
  await page.goto('devices');
  await expect(page.getByRole('table', { name: 'Devices' })).toBeVisible();
  expect(await headers(page)).toEqual(['Name', 'Platform / model', 'OS version', 'Owner', 'Last check-in']);

  const chooser = page.getByRole('button', { name: 'Columns', exact: true });
  await chooser.click();
  await expect(chooser).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('group', { name: 'Columns of devices' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('checkbox', { name: 'Name' })).toBeDisabled();
  await noAxeViolations(page);

  // By keyboard alone: hide OS version, move Owner up twice.
  await panel.getByRole('checkbox', { name: 'OS version' }).focus();
  await page.keyboard.press('Space');
  await expect(panel.getByRole('checkbox', { name: 'OS version' })).not.toBeChecked();
  await panel.getByRole('button', { name: 'Move Owner up' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('button', { name: 'Move Owner up' })).toBeFocused();
  await page.keyboard.press('Enter');
  expect(await headers(page)).toEqual(['Name', 'Owner', 'Platform / model', 'Last check-in']);
  // The first column names the rows: it cannot move.
  await expect(panel.getByRole('button', { name: 'Move Owner up' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(chooser).toBeFocused();

  // Each row's cells follow the header (the phone layout's labels too).
  const firstRow = page.getByRole('table', { name: 'Devices' }).getByRole('row').nth(1);
  // (The first cell is the row's checkbox, the second the first column after the name.)
  await expect(firstRow.getByRole('cell').nth(1)).toHaveAttribute('data-label', 'Owner');

  await page.getByLabel('Rows per page').selectOption('50');
  await expect(page.getByRole('table', { name: 'Devices' }).getByRole('row')).toHaveCount(51);
  await page.goto('groups');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
  await expect(page.getByRole('table', { name: 'Devices' }).getByRole('row')).toHaveCount(51);
  await page.reload();
  await expect(page.getByRole('table', { name: 'Devices' }).getByRole('row')).toHaveCount(51);
  expect(await headers(page)).toEqual(['Name', 'Owner', 'Platform / model', 'Last check-in']);

  // The CSV of the visible columns, in their order, times with their offset.
  let download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  let lines = (await text(await download)).trim().split('\r\n');
  expect(lines[0]).toBe('Name,Owner,Platform / model,Last check-in');
  expect(lines).toHaveLength(devices.length + 1);
  expect(lines.slice(1).some((l) => /,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/.test(l))).toBe(true);

  // Every field of every device, as the API has them.
  await page.getByRole('combobox', { name: 'Export' }).selectOption({ label: 'all fields' });
  download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  lines = (await text(await download)).trim().split('\r\n');
  expect(lines[0].split(',').slice(0, 10)).toEqual([
    'id', 'userId', 'owner', 'name', 'platform', 'model', 'osVersion', 'serialNumber', 'phoneNumber', 'lastCheckIn',
  ]);
  expect(lines).toHaveLength(devices.length + 1);
  const withSerial = devices.find((d) => d.serialNumber);
  expect(withSerial).toBeTruthy();
  expect(lines.some((l) => l.startsWith(`${withSerial.id},`) && l.includes(withSerial.serialNumber))).toBe(true);

  await chooser.click();
  await panel.getByRole('button', { name: 'Reset columns' }).click();
  expect(await headers(page)).toEqual(['Name', 'Platform / model', 'OS version', 'Owner', 'Last check-in']);
  await page.reload();
  expect(await headers(page)).toEqual(['Name', 'Platform / model', 'OS version', 'Owner', 'Last check-in']);
});

test('a saved view opens with its query and columns, and goes out and back in as a JSON file', async ({ signedIn: page }) => {
  await page.goto('devices?sort=name&dir=desc&limit=50');
  await expect(page.getByRole('table', { name: 'Devices' })).toBeVisible();
  await page.getByRole('button', { name: 'Columns', exact: true }).click();
  await page.getByRole('group', { name: 'Columns of devices' }).getByRole('checkbox', { name: 'OS version' }).uncheck();
  await page.keyboard.press('Escape');

  const viewsButton = page.getByRole('button', { name: 'Views', exact: true });
  await viewsButton.click();
  const views = page.getByRole('group', { name: 'Saved views of devices' });
  await expect(views.getByText('No saved views of this list yet.')).toBeVisible();
  await noAxeViolations(page);
  await views.getByLabel('Name of this view').fill('Names Z to A');
  await views.getByRole('button', { name: 'Save view' }).click();
  await expect(views.getByRole('status')).toHaveText('Saved “Names Z to A”.');
  const exported = page.waitForEvent('download');
  await views.getByRole('button', { name: 'Export views' }).click();
  const file = await exported;
  expect(file.suggestedFilename()).toBe('saved-views.json');
  const json = JSON.parse(await text(file));
  expect(json.ezmdmSavedViews).toBe(1);
  expect(json.views).toEqual([{
    name: 'Names Z to A', list: 'Devices', path: '/devices', query: '?limit=50&sort=name&dir=desc',
    columns: 'name,model,-os,owner,checkin',
  }]);
  const saved = await file.path();

  // Elsewhere, with the list's own columns: opening the view brings both back.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Columns', exact: true }).click();
  await page.getByRole('button', { name: 'Reset columns' }).click();
  await page.keyboard.press('Escape');
  await page.goto('devices');
  await expect(page.getByRole('table', { name: 'Devices' })).toBeVisible();
  await viewsButton.click();
  await views.getByRole('button', { name: 'Names Z to A', exact: true }).click();
  await expect(page).toHaveURL(/\/devices\?limit=50&sort=name&dir=desc$/);
  await expect(page.getByRole('table', { name: 'Devices' }).getByRole('row')).toHaveCount(51);
  expect(await headers(page)).toEqual(['Name', 'Platform / model', 'Owner', 'Last check-in']);

  // Another browser: nothing saved; the file brings the view in.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await viewsButton.click();
  await expect(views.getByText('No saved views of this list yet.')).toBeVisible();
  await views.getByLabel('File of saved views').setInputFiles(saved!);
  await expect(views.getByRole('status')).toHaveText('Imported 1 new, 0 replaced.');
  await expect(views.getByRole('button', { name: 'Names Z to A', exact: true })).toBeVisible();

  // Files that are not views, or views that lead off the portal, say so.
  await views.getByLabel('File of saved views').setInputFiles({
    name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from('name,email\nAnn,ann@example.com\n'),
  });
  await expect(views.getByRole('status')).toHaveText(/This file is not JSON/);
  const away = { ezmdmSavedViews: 1, views: [{ name: 'Away', list: 'Devices', path: '//evil.example/x', query: '' }] };
  await views.getByLabel('File of saved views').setInputFiles({
    name: 'away.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(away)),
  });
  await expect(views.getByRole('status')).toHaveText('Imported 0 new, 0 replaced; 1 left out (“Away” leads to no page of the portal).');
  await expect(views.getByRole('button', { name: 'Away' })).toHaveCount(0);

  await views.getByRole('button', { name: 'Delete view Names Z to A' }).click();
  await expect(views.getByText('No saved views of this list yet.')).toBeVisible();
});

test.describe('times', () => {
  test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

  test('times show as ages or exact, in local time or UTC, remembered; exports carry ISO 8601 with the offset', async ({ signedIn: page }) => {
    await page.goto('devices?limit=10&sort=checkin&dir=desc');
    const cell = page.getByRole('table', { name: 'Devices' }).getByRole('row').nth(1).getByRole('cell').last();
    await expect(cell).toHaveText(/ago|just now/);
    const ms = Number(await cell.getAttribute('data-moment'));
    const local = await page.evaluate((t) => new Date(t).toLocaleString(), ms);
    const utc = new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';

    const times = page.getByRole('button', { name: 'Times', exact: true });
    await times.click();
    const settings = page.getByRole('group', { name: 'How times are shown' });
    await expect(settings.getByRole('radio', { name: 'Ages (“3 h ago”)' })).toBeChecked();
    await expect(settings.getByRole('radio', { name: "This browser's (America/New_York)" })).toBeChecked();
    await noAxeViolations(page);
    await settings.getByRole('radio', { name: 'Exact times' }).check();
    await expect(cell).toHaveText(local);
    await settings.getByRole('radio', { name: 'UTC' }).check();
    await expect(cell).toHaveText(utc);
    await page.keyboard.press('Escape');
    await expect(times).toBeFocused();

    // Remembered in this browser; the age is one hover away.
    await page.reload();
    await expect(cell).toHaveText(utc);
    await cell.hover();
    await expect(cell).toHaveAttribute('title', /ago|just now/);

    const exportCsv = async () => {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      return text(await download);
    };
    const iso = new Date(ms).toISOString().slice(0, 19);
    expect(await exportCsv()).toContain(`${iso}Z`);
    await times.click();
    await settings.getByRole('radio', { name: "This browser's (America/New_York)" }).check();
    await settings.getByRole('radio', { name: 'Ages (“3 h ago”)' }).check();
    await expect(cell).toHaveText(/ago|just now/);
    // A click elsewhere closes the menu.
    await page.getByRole('heading', { level: 1 }).click();
    await expect(settings).toHaveCount(0);
    const offsetIso = await page.evaluate((t) => {
      const d = new Date(t);
      const p = (n: number) => String(Math.abs(n)).padStart(2, '0');
      const off = -d.getTimezoneOffset();
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
        + `${off < 0 ? '-' : '+'}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
    }, ms);
    expect(offsetIso).toMatch(/-0[45]:00$/);
    expect(await exportCsv()).toContain(offsetIso);
  });
});
