// Importing users from CSV: pasted or chosen, columns guessed from the
// header, a dry run against every existing user (emails in any case),
// invalid and repeated rows said why, missing groups reported or created,
// then the new users previewed and added one PUT each.
import { test, expect, allPages } from './fixtures';
import type { Page } from '@playwright/test';

const DATA = { timeout: 20_000 };
const status = (page: Page) => page.locator('.bulk-status');

/** The bodies of the PUTs that add users or groups, from now on. */
function puts(page: Page, item: 'user' | 'group') {
  const bodies: URLSearchParams[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && new RegExp(`/${item}$`).test(r.url())) bodies.push(new URLSearchParams(r.postData() ?? ''));
  });
  return bodies;
}

test('an import of 2 good, 1 invalid and 1 existing user sends exactly 2 PUTs and reports the new ids', async ({ signedIn: page, emulator, request }) => {
  const users = await allPages(emulator, request, 'user');
  const groups = await allPages(emulator, request, 'group');
  const existing = users.find((u) => u.email)!;
  const csv = [
    'First name,Last name,E-mail,Team',
    `Imke,Vogel,imke.vogel@example.org,${groups[0].name.toUpperCase()}`,
    `Raúl,"Ortega, Jr.",raul.ortega@example.org,${groups[1].id}`,
    `,Nobody,not-an-email,${groups[0].name}`,
    `Same,Person,${existing.email.toUpperCase()},${groups[0].name}`,
  ].join('\n');
  await page.goto('users');
  await page.getByRole('link', { name: 'Import…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import users' })).toBeVisible(DATA);
  await page.getByLabel('…or paste CSV').fill(csv);
  // Columns guessed from the header.
  await expect(page.getByText('4 rows under a header of 4 columns.')).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('2');
  await expect(page.getByRole('combobox', { name: 'Group (required)' })).toHaveValue('3');
  await expect(page.getByLabel('Phone', { exact: true })).toHaveValue('');
  await page.getByRole('button', { name: 'Check every row' }).click();
  await expect(page.locator('.import-summary')).toHaveText('2 to add, 1 already exist, 1 invalid', DATA);
  const skipped = page.getByRole('table', { name: 'Rows that will not be added' }).locator('tbody tr');
  await expect(skipped).toHaveCount(2);
  await expect(skipped.nth(0)).toContainText('First name: Enter the first name.');
  await expect(skipped.nth(0)).toContainText('Email: Enter an email address like name@example.com.');
  await expect(skipped.nth(1)).toContainText('A user with this email exists already.');

  const added = puts(page, 'user');
  await page.getByRole('button', { name: 'Preview the 2 users to add…' }).click();
  await expect(page).toHaveURL(/\/bulk$/);
  await expect(page.getByRole('heading', { name: 'Import 2 users' })).toBeVisible();
  expect(added).toHaveLength(0);
  await page.getByRole('button', { name: 'Send 2 changes' }).click();
  await expect(status(page)).toHaveText('Finished: 2 done.', DATA);
  expect(added).toHaveLength(2);
  expect(added.map((b) => b.get('email')).sort()).toEqual(['imke.vogel@example.org', 'raul.ortega@example.org']);
  const raul = added.find((b) => b.get('firstName') === 'Raúl')!;
  expect(raul.get('lastName')).toBe('Ortega, Jr.');
  expect(raul.get('groupId')).toBe(String(groups[1].id));
  expect(added.find((b) => b.get('firstName') === 'Imke')!.get('groupId')).toBe(String(groups[0].id));
  // Nothing can be undone (the API deletes nothing): no Undo.
  await expect(page.getByRole('button', { name: /^Undo/ })).toHaveCount(0);

  // The report lists the new users' ids.
  const now = await allPages(emulator, request, 'user');
  const imke = now.find((u) => u.email === 'imke.vogel@example.org')!;
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (CSV)' }).click();
  const chunks: Buffer[] = [];
  for await (const c of await (await download).createReadStream()) chunks.push(c as Buffer);
  const report = Buffer.concat(chunks).toString('utf8');
  expect(report).toContain(`Imke Vogel,${imke.id},`);
  await expect(page.getByRole('link', { name: 'Imke Vogel' })).toHaveAttribute('href', new RegExp(`/users/${imke.id}$`));
});

test('a missing group is reported, then created when asked; a file that is not UTF-8 says so; the template downloads', async ({ signedIn: page, emulator, request }) => {
  await page.goto('users/import');
  // Bytes that are not UTF-8 (a sheet saved in another encoding).
  await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0xff]) });
  await expect(page.getByText('This file is not UTF-8 text')).toBeVisible();
  const template = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download a template' }).click();
  const chunks: Buffer[] = [];
  for await (const c of await (await template).createReadStream()) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).toString('utf8')).toBe('First name,Last name,Email,Phone,Group\r\n');

  // A file without a header row says so.
  await page.getByLabel('…or paste CSV').fill('Ann,Lee,ann@example.org\nBob,Ray,bob@example.org');
  await expect(page.getByText('the file may have no header row')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Check every row' })).toBeDisabled();

  // A chosen file, separated by semicolons.
  await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('Vorname;Nachname;Gruppe\nNia;Holt;Night Owls\n', 'utf8') });
  await expect(page.getByLabel('…or paste CSV')).toHaveValue(/Nia;Holt/);
  await page.getByRole('combobox', { name: 'Group (required)' }).selectOption({ label: 'Gruppe' });
  await page.getByRole('button', { name: 'Check every row' }).click();
  await expect(page.locator('.import-summary')).toHaveText('0 to add, 1 invalid', DATA);
  await expect(page.getByRole('table', { name: 'Rows that will not be added' })).toContainText('Unknown group “Night Owls”.');
  await page.getByLabel('Create the groups the account does not have').check();
  await expect(page.locator('.import-summary')).toHaveText('1 to add');
  await expect(page.getByText('1 group will be created first: Night Owls.')).toBeVisible();
  const groupPuts = puts(page, 'group');
  const userPuts = puts(page, 'user');
  await page.getByRole('button', { name: 'Create 1 group and preview the 1 user to add…' }).click();
  await expect(page.getByRole('heading', { name: 'Import 1 user' })).toBeVisible(DATA);
  expect(groupPuts.map((b) => b.get('name'))).toEqual(['Night Owls']);
  await page.getByRole('button', { name: 'Send 1 change' }).click();
  await expect(status(page)).toHaveText('Finished: 1 done.', DATA);
  const group = (await allPages(emulator, request, 'group')).find((g) => g.name === 'Night Owls')!;
  expect(userPuts).toHaveLength(1);
  expect(userPuts[0].get('groupId')).toBe(String(group.id));
  // Both are in the activity log.
  await page.goto('activity');
  const log = page.getByRole('table', { name: /^Changes sent from this tab/ }).locator('tbody tr');
  await expect(log.filter({ hasText: 'New group (import)' })).toHaveCount(1);
  await expect(log.filter({ hasText: 'Import 1 user' })).toContainText('Nia Holt');
});

test('a file of more than 10,000 rows asks before it is checked', async ({ signedIn: page }) => {
  await page.goto('users/import');
  const rows = Array.from({ length: 10_001 }, (_, i) => `First${i},Last${i},user${i}@example.org,Sales`);
  // Pasted in one go (Playwright's fill inserts a text this long slowly).
  await page.getByLabel('…or paste CSV').evaluate((el: HTMLTextAreaElement, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ['First name,Last name,Email,Group', ...rows].join('\n'));
  await expect(page.getByText('10,001 rows under a header of 4 columns.')).toBeVisible(DATA);
  const asked: string[] = [];
  page.on('request', (r) => { if (/\/user(\?|$)/.test(r.url())) asked.push(r.url()); });
  let question = '';
  page.once('dialog', (d) => { question = d.message(); d.dismiss(); });
  await page.getByRole('button', { name: 'Check every row' }).click();
  await expect.poll(() => question).toContain('The file has 10,001 rows. Check them all?');
  await expect(page.locator('.import-summary')).toHaveCount(0);
  expect(asked).toEqual([]);
});

test('groups import from CSV: names checked in any case against every group, then one PUT each', async ({ signedIn: page, emulator, request }) => {
  const groups = await allPages(emulator, request, 'group');
  const csv = [
    'Team,Notes',
    'Loading Dock,"Deliveries, 6–14 h"',
    `${groups[0].name.toLowerCase()},already there`,
    'Warehouse Crew,',
    'WAREHOUSE crew,again',
    ',no name',
  ].join('\n');
  await page.goto('groups');
  await page.getByRole('link', { name: 'Import…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import groups' })).toBeVisible(DATA);
  await page.getByLabel('…or paste CSV').fill(csv);
  await expect(page.getByRole('combobox', { name: 'Name (required)' })).toHaveValue('0');
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue('1');
  await page.getByRole('button', { name: 'Check every row' }).click();
  await expect(page.locator('.import-summary')).toHaveText('2 to add, 1 already exist, 1 repeated in the file, 1 invalid', DATA);
  const skipped = page.getByRole('table', { name: 'Rows that will not be added' }).locator('tbody tr');
  await expect(skipped.nth(0)).toContainText('A group with this name exists already.');
  await expect(skipped.nth(1)).toContainText('The same name is on line 4.');
  await expect(skipped.nth(2)).toContainText('Name: Enter a name for the group.');
  const added = puts(page, 'group');
  await page.getByRole('button', { name: 'Preview the 2 groups to add…' }).click();
  await expect(page.getByRole('heading', { name: 'Import 2 groups' })).toBeVisible(DATA);
  await page.getByRole('button', { name: 'Send 2 changes' }).click();
  await expect(status(page)).toHaveText('Finished: 2 done.', DATA);
  expect(added.map((b) => b.toString()).sort()).toEqual([
    new URLSearchParams({ name: 'Loading Dock', description: 'Deliveries, 6–14 h' }).toString(),
    new URLSearchParams({ name: 'Warehouse Crew' }).toString(),
  ].sort());
  const names = (await allPages(emulator, request, 'group')).map((g) => g.name);
  expect(names).toEqual(expect.arrayContaining(['Loading Dock', 'Warehouse Crew']));
});
