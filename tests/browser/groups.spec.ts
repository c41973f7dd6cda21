import { test, expect } from './fixtures';

test('the Groups list shows every seeded group', async ({ signedIn: page, emulator, request }) => {
  const body = await emulator.api(request, 'group');
  expect(body.data.length).toBeGreaterThanOrEqual(6);
  const table = page.getByRole('table', { name: 'Groups' });
  for (const group of body.data) {
    await expect(table.getByRole('link', { name: group.name, exact: true })).toBeVisible();
  }
  await expect(table.getByRole('row')).toHaveCount(body.data.length + 1);
  await expect(page.getByText(`1–${body.data.length} of ${body.total}`)).toBeVisible();
});

test('a group page shows its fields and its users', async ({ signedIn: page, emulator, request }) => {
  const groups = await emulator.api(request, 'group');
  const group = groups.data[0];
  const users = await emulator.api(request, `user/${group.id}`);
  await page.getByRole('link', { name: group.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible();
  await expect(page.getByText(group.description)).toBeVisible();
  await expect(page.getByText(`of ${users.total}`)).toBeVisible();
  const first = users.data[0];
  await expect(page.getByRole('link', { name: `${first.firstName} ${first.lastName}` })).toBeVisible();
});

test('list paging lives in the URL and survives a reload', async ({ signedIn: page, emulator, request }) => {
  const all = await emulator.api(request, 'user?limit=10&page=2');
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Rows per page').selectOption('10');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/\/users\?page=2&limit=10$/);
  await expect(page.getByText(`11–20 of ${all.total}`)).toBeVisible();
  await page.reload();
  await expect(page.getByText(`11–20 of ${all.total}`)).toBeVisible();
  const first = all.data[0];
  await expect(page.getByRole('link', { name: `${first.firstName} ${first.lastName}` })).toBeVisible();
  await page.goBack();
  await expect(page.getByText(`1–10 of ${all.total}`)).toBeVisible();
});

test('search filters the loaded rows and sort orders them', async ({ signedIn: page, emulator, request }) => {
  const body = await emulator.api(request, 'group');
  const names: string[] = body.data.map((g: any) => g.name);
  const table = page.getByRole('table', { name: 'Groups' });
  // Search matches any cell (name or description), in any case.
  const term = names[1].slice(0, 4).toUpperCase();
  await page.getByRole('searchbox', { name: 'Search groups on this page' }).fill(term);
  await expect(table.getByRole('link', { name: names[1], exact: true })).toBeVisible();
  const shown = body.data.filter((g: any) => `${g.name} ${g.description ?? ''}`.toLowerCase().includes(term.toLowerCase()));
  await expect(table.getByRole('row')).toHaveCount(shown.length + 1);
  await page.getByRole('searchbox').fill('no group is called this');
  await expect(page.getByText('No groups on this page match “no group is called this”.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(table.getByRole('row')).toHaveCount(names.length + 1);
  await page.getByRole('searchbox').fill('');
  await page.getByRole('button', { name: 'Name' }).click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  const sorted = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  await expect(table.getByRole('rowheader')).toHaveText(sorted);
  await page.getByRole('button', { name: 'Name' }).click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('rowheader')).toHaveText([...sorted].reverse());
});

test('an API failure shows the error and Retry recovers', async ({ signedIn: page }) => {
  let fail = true;
  await page.route('**/api/v1/**/user**', (route) =>
    fail
      ? route.fulfill({ status: 400, contentType: 'application/json', body: '{"success":false,"error":"Database is resting"}' })
      : route.continue(),
  );
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('alert')).toContainText('Database is resting');
  fail = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
});

test('Back and a quick revisit are served from the query cache: no API request', async ({ signedIn: page, emulator, request }) => {
  const group = (await emulator.api(request, 'group?limit=1')).data[0];
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
  await page.getByRole('link', { name: group.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible();
  const calls: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/')) calls.push(r.url()); });
  await page.goBack();
  await expect(page.getByRole('table', { name: 'Groups' }).getByRole('link', { name: group.name, exact: true })).toBeVisible();
  await page.getByRole('link', { name: group.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  expect(calls).toEqual([]);
});

test('drill down Group › User › Device by links, and back up by breadcrumbs', async ({ signedIn: page, emulator, request }) => {
  const device = (await emulator.api(request, 'device?limit=1')).data[0];
  const user = (await emulator.api(request, `user/${device.userId}`)).data;
  const group = (await emulator.api(request, `group/${user.groupId}`)).data;
  await page.goto(`groups?limit=100`);
  await page.getByRole('table', { name: 'Groups' }).getByRole('link', { name: group.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible();
  await page.goto(`groups/${group.id}?limit=100`);
  await page.getByRole('table', { name: 'Users' }).getByRole('link', { name: `${user.firstName} ${user.lastName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${user.firstName} ${user.lastName}` })).toBeVisible();
  await page.getByRole('table', { name: 'Devices' }).getByRole('link', { name: device.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: device.name })).toBeVisible();
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(crumbs).toHaveText(new RegExp(`Groups.*${group.name}.*${user.firstName} ${user.lastName}.*${device.name}`));
  await crumbs.getByRole('link', { name: `${user.firstName} ${user.lastName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${user.firstName} ${user.lastName}` })).toBeVisible();
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: group.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible();
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Groups' }).click();
  await expect(page.getByRole('table', { name: 'Groups' })).toBeVisible();
});
