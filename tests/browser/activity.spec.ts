// The activity log: every write this tab sent, with what it changed and how
// it ended (done, failed with the server's error, may have been applied),
// filtered by result, exported as CSV, and kept per account for the tab.
import { test, expect, signIn, loseAnswerTo } from './fixtures';
import type { Page } from '@playwright/test';

const log = (page: Page) => page.getByRole('table', { name: /^Changes sent from this tab/ });
const rows = (page: Page) => log(page).locator('tbody tr');

test('renames, a failed save and a lost answer are logged with their changes and results', async ({ signedIn: page, emulator, request }) => {
  await page.goto('activity');
  await expect(page.getByText('No changes sent from this tab yet')).toBeVisible();

  const [first, second] = (await emulator.api(request, 'device?limit=2')).data;
  // A rename that is done.
  await page.goto(`devices/${first.id}`);
  await page.getByLabel('Device name').fill('Front desk tablet');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Front desk tablet' })).toBeVisible();

  // A rename the server refuses.
  await page.route(`**/api/v1/*/device/${second.id}`, (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 200, contentType: 'application/json', body: '{"success":false,"error":"Names must be unique"}' })
      : route.continue());
  await page.goto(`devices/${second.id}`);
  await page.getByLabel('Device name').fill('Never saved');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Names must be unique' })).toBeVisible({ timeout: 20_000 });

  // A new group whose answer is lost on the way.
  await loseAnswerTo(page, '**/api/v1/*/group', 'PUT');
  await page.goto('groups/new');
  await page.getByLabel('Name').fill('Night Auditors');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText(/may have been added all the same/)).toBeVisible({ timeout: 20_000 });
  page.once('dialog', (d) => d.accept());

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  await expect(rows(page)).toHaveCount(3);
  // Newest first.
  await expect(rows(page).nth(0)).toContainText('New group');
  await expect(rows(page).nth(0)).toContainText('Night Auditors');
  await expect(rows(page).nth(0)).toContainText('May have been applied');
  await expect(rows(page).nth(1)).toContainText('Rename device');
  await expect(rows(page).nth(1)).toContainText(`Device name: “${second.name}” → “Never saved”`);
  await expect(rows(page).nth(1)).toContainText('Failed: ');
  await expect(rows(page).nth(1)).toContainText('Names must be unique');
  await expect(rows(page).nth(2)).toContainText(`Device name: “${first.name}” → “Front desk tablet”`);
  await expect(rows(page).nth(2)).toContainText('Done');
  // The item links to its page (by the name it had when the change was sent).
  await expect(rows(page).nth(2).getByRole('link', { name: first.name })).toHaveAttribute('href', new RegExp(`/devices/${first.id}$`));

  // Filtered by result, in the URL.
  await page.getByLabel('Result').selectOption('failed');
  await expect(page).toHaveURL(/activity\?result=failed/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).nth(0)).toContainText('Never saved');
  await page.getByLabel('Result').selectOption('');
  await expect(rows(page)).toHaveCount(3);

  // The CSV holds every row, times in ISO 8601.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  const chunks: Buffer[] = [];
  for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe('Time,Action,Item,Changes,Result');
  expect(lines).toHaveLength(4);
  expect(lines[3]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*,Rename device,/);

  // Kept across a reload of the tab; never the key.
  await page.reload();
  await expect(rows(page)).toHaveCount(3);
  const stored = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('ezmdm.activity:'))
    .map((k) => sessionStorage.getItem(k)!).join(''));
  expect(stored).not.toContain(emulator.key);

  // Emptied on request.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Empty the log' }).click();
  await expect(page.getByText('No changes sent from this tab yet')).toBeVisible();
});

test('another account signing in in the same tab sees none of the log', async ({ signedIn: page, emulator, request }) => {
  const [device] = (await emulator.api(request, 'device?limit=1')).data;
  await page.goto(`devices/${device.id}`);
  await page.getByLabel('Message').fill('Hello');
  await page.getByRole('button', { name: 'Send push notification' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Push notification sent' })).toBeVisible();
  await page.goto('activity');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).nth(0)).toContainText('Push notification');
  await expect(rows(page).nth(0)).toContainText('Message: (empty) → “Hello”');
  await page.getByRole('button', { name: 'Sign out' }).click();
  // The same key again: the same account's log is back.
  await signIn(page, emulator.key, 'sign-in?next=%2Factivity');
  await expect(rows(page)).toHaveCount(1);
});
