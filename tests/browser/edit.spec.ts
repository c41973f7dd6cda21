import { test, expect, loseAnswerTo } from './fixtures';

test('create a group: validation, then it opens and is listed', async ({ signedIn: page, emulator, request }) => {
  await page.getByRole('link', { name: 'New group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible();
  let puts = 0;
  page.on('request', (r) => { if (r.method() === 'PUT') puts++; });
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText('Enter a name for the group.')).toBeVisible();
  expect(puts).toBe(0);
  await page.getByLabel('Name').fill('Night Shift');
  await page.getByLabel('Description').fill('Security and cleaning after hours');
  await page.getByRole('button', { name: 'Create group' }).dblclick();
  await expect(page.getByRole('heading', { level: 1, name: 'Night Shift' })).toBeVisible();
  await expect(page.getByText('Group “Night Shift” created.')).toBeVisible();
  expect(puts).toBe(1);
  await expect(page).toHaveURL(/\/groups\/\d{30}$/);
  const groups = await emulator.api(request, 'group');
  expect(groups.data.map((g: any) => g.name)).toContain('Night Shift');
  await page.getByRole('link', { name: 'Groups', exact: true }).first().click();
  await expect(page.getByRole('table', { name: 'Groups' }).getByRole('link', { name: 'Night Shift' })).toBeVisible();
});

test('a server error on create is shown and the input is kept', async ({ signedIn: page }) => {
  await page.route('**/api/v1/*/group', (route) =>
    route.request().method() === 'PUT'
      ? route.fulfill({ status: 400, contentType: 'application/json', body: '{"success":false,"error":"A group with this name exists"}' })
      : route.continue(),
  );
  await page.goto('groups/new');
  await page.getByLabel('Name').fill('Sales');
  await page.getByLabel('Description').fill('typed text');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'A group with this name exists' })).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue('Sales');
  await expect(page.getByLabel('Description')).toHaveValue('typed text');
  await expect(page.getByRole('button', { name: 'Create group' })).toBeEnabled();
});

test('rename a device: only the name is sent, the page shows the new name', async ({ signedIn: page, emulator, request }) => {
  const devices = await emulator.api(request, 'device?limit=1');
  const device = devices.data[0];
  await page.getByRole('link', { name: 'Devices' }).click();
  await page.getByRole('link', { name: device.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: device.name })).toBeVisible();
  // Fields the portal does not know are shown, read-only, under "More fields".
  const more = page.getByRole('region', { name: 'More fields' });
  await expect(more.getByText('batteryLevel')).toBeVisible();
  await expect(more.getByText('enrolledAt')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save name' })).toBeDisabled();
  await page.getByLabel('Device name').fill('Front desk <b>tablet</b>');
  await expect(page.getByText(`Device name: “${device.name}” → “Front desk <b>tablet</b>”`)).toBeVisible();
  const post = page.waitForRequest((r) => r.method() === 'POST');
  await page.getByRole('button', { name: 'Save name' }).click();
  expect((await post).postData()).toBe('name=Front+desk+%3Cb%3Etablet%3C%2Fb%3E');
  await expect(page.getByRole('heading', { level: 1, name: 'Front desk <b>tablet</b>' })).toBeVisible();
  const after = await emulator.api(request, `device/${device.id}`);
  expect(after.data.name).toBe('Front desk <b>tablet</b>');
  expect(after.data.model).toBe(device.model);
});

test('send a push notification and see the server answer', async ({ signedIn: page, emulator, request }) => {
  const devices = await emulator.api(request, 'device?limit=2');
  const device = devices.data[1];
  await page.goto(`devices/${device.id}`);
  await page.getByLabel('Message').fill('Please update to the latest OS');
  await page.getByRole('button', { name: 'Send push notification' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Push notification sent' })).toBeVisible();
  const pushes = await emulator.api(request, `push/${device.id}`);
  expect(pushes.data.map((p: any) => p.message)).toContain('Please update to the latest OS');
});

test('a server that does not know push shows an error, never success', async ({ signedIn: page, emulator, request }) => {
  const devices = await emulator.api(request, 'device?limit=1');
  await page.route('**/api/v1/*/push', (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: '{"success":false,"error":"Unknown item \'push\'"}' }),
  );
  await page.goto(`devices/${devices.data[0].id}`);
  await page.getByRole('button', { name: 'Send push notification' }).click();
  await expect(page.getByRole('alert').filter({ hasText: "The push notification was not sent: Unknown item 'push'" })).toBeVisible();
  await expect(page.getByText('Push notification sent')).toHaveCount(0);
});

test('create a user from a group page: checks, then listed in that group', async ({ signedIn: page, emulator, request }) => {
  const group = (await emulator.api(request, 'group')).data[1];
  await page.getByRole('link', { name: group.name, exact: true }).click();
  await page.getByRole('link', { name: 'Add user to this group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New user' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Group' })).toHaveValue(group.name, { timeout: 20_000 });
  await page.getByLabel('First name').fill('Zoë');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText('Enter the last name.')).toBeVisible();
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await page.getByLabel('Last name').fill('Quinn');
  await page.getByLabel('Email').fill('zoe.quinn@example.com');
  const put = page.waitForRequest((r) => r.method() === 'PUT');
  await page.getByRole('button', { name: 'Create user' }).click();
  const body = new URLSearchParams((await put).postData() ?? '');
  expect([...body.keys()]).toEqual(['groupId', 'firstName', 'lastName', 'email']);
  await expect(page.getByRole('heading', { level: 1, name: 'Zoë Quinn' })).toBeVisible();
  await expect(page.getByRole('link', { name: group.name })).toHaveCount(2); // breadcrumb + field
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: group.name }).click();
  await page.getByLabel('Rows per page').selectOption('100');
  await expect(page.getByRole('link', { name: 'Zoë Quinn' })).toBeVisible();
});

test('a lost answer to Create: the form says the group may exist and finds it', async ({ signedIn: page }) => {
  // The server adds the group, but its answer never reaches the browser.
  await loseAnswerTo(page, '**/api/v1/*/group', 'PUT');
  await page.goto('groups/new');
  await page.getByLabel('Name').fill('Night Porters');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText('No answer came back, so the group “Night Porters” may have been added all the same.')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByLabel('Name')).toHaveValue('Night Porters');
  // The form still holds the typed name, so leaving asks first.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('link', { name: 'Look for the group “Night Porters”' }).click();
  await expect(page.getByRole('checkbox', { name: 'Search all pages' })).toBeChecked();
  await expect(page.getByRole('table', { name: 'Groups' }).getByRole('link', { name: 'Night Porters' })).toBeVisible({ timeout: 20_000 });
});

test('a push message typed on a device page is asked about before leaving, and kept', async ({ signedIn: page, emulator, request }) => {
  const device = (await emulator.api(request, 'device?limit=1')).data[0];
  await page.goto(`devices/${device.id}`);
  const message = page.getByLabel('Message');
  await message.fill('Back at the desk in five minutes');
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
  await expect.poll(() => asked).toBe('Leave without saving? Your changes will be lost.');
  await expect(page.getByRole('heading', { level: 1, name: device.name })).toBeVisible();
  await expect(message).toHaveValue('Back at the desk in five minutes');
  // Sent, the form starts again and lets you go without asking.
  await page.getByRole('button', { name: 'Send push notification' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Push notification sent' })).toBeVisible();
  await expect(message).toHaveValue('');
  page.once('dialog', () => { asked = 'asked again'; });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
  expect(asked).not.toBe('asked again');
});
