import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

// At a phone's width (390 px): no page scrolls sideways, the search spans the
// width, rows are cards with each value under its column's label, and every
// action of a list is there and at least 44 px high.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function tall(page: Page, locator: ReturnType<Page['locator']>, what: string) {
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  expect(box!.height, `${what} is ${box!.height} px high`).toBeGreaterThanOrEqual(44);
}

test('at 390 px the devices list is cards, its search spans the width, and its actions are reachable', async ({ signedIn: page, emulator, request }) => {
  const first = (await emulator.api(request, 'device?limit=25')).data[0];
  await page.goto('devices');
  const table = page.getByRole('table', { name: 'Devices' });
  await expect(table.getByRole('link', { name: first.name, exact: true })).toBeVisible();
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  // The search box spans the content's width.
  const search = page.getByRole('searchbox', { name: 'Search devices on this page' });
  const [box, content] = [await search.boundingBox(), await page.locator('.content').boundingBox()];
  expect(box!.width).toBeGreaterThanOrEqual(content!.width - 2 * 16 - 2);
  // A row is a card: the model sits under its label, not in a column off screen.
  const card = table.getByRole('row').filter({ has: page.getByRole('link', { name: first.name, exact: true }) });
  const cardBox = (await card.boundingBox())!;
  expect(cardBox.x).toBeGreaterThanOrEqual(0);
  expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(390);
  const model = card.locator('td[data-label="Platform / model"]');
  expect(await model.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Platform / model"');
  await expect(model).toContainText(first.model);
  await expect(model).toBeInViewport();
  // Sorting, paging, page size, selection and export are all there, tall enough to tap.
  await tall(page, table.getByRole('button', { name: 'Name' }), 'the Name sort button');
  await tall(page, page.getByRole('button', { name: 'Next page' }), 'Next page');
  await tall(page, page.getByLabel('Rows per page'), 'Rows per page');
  await tall(page, page.getByRole('button', { name: 'Export CSV' }), 'Export CSV');
  await tall(page, table.getByRole('link', { name: first.name, exact: true }), 'the device link');
  await table.getByRole('button', { name: 'Name' }).tap();
  await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: 'Next page' }).tap();
  await expect(page).toHaveURL(/page=2/);
  await card.first().waitFor({ state: 'detached' }).catch(() => {});
  const tick = table.getByRole('checkbox').nth(1);
  await tick.tap();
  await expect(page.getByText('1 device selected')).toBeVisible();
  expect(await sideways(page)).toBeLessThanOrEqual(0);
});

test('at 390 px no page scrolls sideways', async ({ signedIn: page, emulator, request }) => {
  const device = (await emulator.api(request, 'device?limit=1')).data[0];
  const group = (await emulator.api(request, 'group?limit=1')).data[0];
  for (const path of ['overview', 'groups', `groups/${group.id}`, 'users', 'devices', `devices/${device.id}`,
    `devices/${device.id}/locations`, 'map', 'groups/new']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForTimeout(300);
    expect(await sideways(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
