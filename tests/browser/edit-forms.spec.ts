// Edit group, Edit user, a device's owner: only changed fields are POSTed,
// the change is previewed, the picker chooses, and leaving a changed form asks.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const LEAVE = 'Leave without saving? Your changes will be lost.';
const DATA = { timeout: 20_000 };

/** Counts the POSTs a page sends from now on. */
function countPosts(page: Page) {
  const posts: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.postData() ?? ''); });
  return posts;
}

test('edit a group: only the description is sent, previewed first, then shown', async ({ signedIn: page, emulator, request }) => {
  const group = (await emulator.api(request, 'group')).data[2];
  await page.goto(`groups/${group.id}`);
  await expect(page.getByRole('heading', { level: 1, name: group.name })).toBeVisible(DATA);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit group' })).toBeVisible(DATA);
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(group.name);
  await expect(page.getByRole('textbox', { name: 'Description', exact: true })).toHaveValue(group.description);
  const save = page.getByRole('button', { name: 'Save changes' });
  await expect(save).toBeDisabled();
  await expect(page.getByText('Nothing has changed yet: edit a field to save.')).toBeVisible();

  await page.getByRole('textbox', { name: 'Description', exact: true }).fill('Regional teams & partners');
  await expect(page.getByText(`Description: “${group.description}” → “Regional teams & partners”`)).toBeVisible();
  await expect(save).toBeEnabled();
  const posts = countPosts(page);
  const post = page.waitForRequest((r) => r.method() === 'POST');
  await save.dblclick();
  expect((await post).postData()).toBe('description=Regional+teams+%26+partners');

  await expect(page).toHaveURL(new RegExp(`/groups/${group.id}$`), DATA);
  await expect(page.getByText(`Group “${group.name}” saved.`)).toBeVisible();
  await expect(page.getByText('Regional teams & partners')).toBeVisible(DATA);
  expect(posts).toHaveLength(1);
  const after = await emulator.api(request, `group/${group.id}`);
  expect(after.data.description).toBe('Regional teams & partners');
  expect(after.data.name).toBe(group.name);
});

test('edit a user: no change keeps Save disabled, typing the old value back too', async ({ signedIn: page, emulator, request }) => {
  const user = (await emulator.api(request, 'user')).data[1];
  await page.goto(`users/${user.id}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Edit user' })).toBeVisible(DATA);
  const first = page.getByLabel('First name');
  await expect(first).toHaveValue(user.firstName);
  const save = page.getByRole('button', { name: 'Save changes' });
  await expect(save).toBeDisabled();
  await first.fill(`${user.firstName}x`);
  await expect(page.getByText(`First name: “${user.firstName}” → “${user.firstName}x”`)).toBeVisible();
  await expect(save).toBeEnabled();
  await first.fill(` ${user.firstName} `);
  await expect(save).toBeDisabled();
  await expect(page.getByText('Nothing has changed yet: edit a field to save.')).toBeVisible();
  // The same checks as New user.
  await first.fill('');
  await expect(save).toBeEnabled();
  const posts = countPosts(page);
  await save.click();
  await expect(page.getByText('Enter the first name.')).toBeVisible();
  expect(posts).toHaveLength(0);
});

test("edit a user's group with the picker: only groupId is sent, the page links the new group", async ({ signedIn: page, emulator, request }) => {
  const groups: any[] = (await emulator.api(request, 'group')).data;
  const user = (await emulator.api(request, 'user')).data[3];
  const current = groups.find((g) => g.id === user.groupId);
  const matching = (q: string) => groups.filter((g) => `${g.name}\n${g.description ?? ''}`.toLowerCase().includes(q));
  // A group that part of its name, typed in lower case, picks out alone.
  const target = groups.find((g) => g.id !== user.groupId && matching(g.name.slice(0, 5).toLowerCase()).length === 1);
  const query = target.name.slice(0, 5).toLowerCase();

  await page.goto(`users/${user.id}`);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  const picker = page.getByRole('combobox', { name: 'Group' });
  await expect(picker).toHaveValue(current.name, DATA);
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await picker.fill(query);
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('option')).toHaveCount(1);
  await picker.press('ArrowDown');
  const active = await picker.getAttribute('aria-activedescendant');
  await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-selected', 'true');
  await picker.press('Enter');
  await expect(picker).toHaveValue(target.name);
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByText(`Group: “${current.name}” → “${target.name}”`)).toBeVisible();

  const post = page.waitForRequest((r) => r.method() === 'POST');
  await page.getByRole('button', { name: 'Save changes' }).click();
  expect((await post).postData()).toBe(`groupId=${target.id}`);
  await expect(page).toHaveURL(new RegExp(`/users/${user.id}$`), DATA);
  const groupLinks = page.getByRole('link', { name: target.name, exact: true });
  await expect(groupLinks.first()).toBeVisible(DATA);
  await expect(groupLinks.first()).toHaveAttribute('href', new RegExp(`/groups/${target.id}$`));
  const after = await emulator.api(request, `user/${user.id}`);
  expect(after.data.groupId).toBe(target.id);
  expect(after.data.firstName).toBe(user.firstName);
});

test('the picker filters in any case, Escape closes it, a second Escape restores the input', async ({ signedIn: page }) => {
  await page.goto('users/new');
  const picker = page.getByRole('combobox', { name: 'Group' });
  await picker.click();
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('option').first()).toBeVisible(DATA);
  await picker.fill('SALES');
  await expect(page.getByRole('option', { name: /Sales/ }).first()).toBeVisible();
  await picker.press('Escape');
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('option')).toHaveCount(0);
  await picker.press('Escape');
  await expect(picker).toHaveValue('');
});

test('a server error on save is shown next to the form and the input is kept', async ({ signedIn: page, emulator, request }) => {
  const group = (await emulator.api(request, 'group')).data[3];
  await page.route(`**/api/v1/*/group/${group.id}`, (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 200, contentType: 'application/json', body: '{"success":false,"error":"Group names must be unique"}' })
      : route.continue(),
  );
  await page.goto(`groups/${group.id}/edit`);
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  await expect(name).toHaveValue(group.name, DATA);
  await name.fill('Renamed by test');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Group names must be unique' })).toBeVisible();
  await expect(name).toHaveValue('Renamed by test');
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeEnabled();
  await expect(page).toHaveURL(/\/edit$/);
});

test('leaving a changed form asks first: refuse stays with the input, accept leaves', async ({ signedIn: page }) => {
  await page.goto('groups/new');
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  await name.fill('Half typed');
  const groupsLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' });

  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
  await groupsLink.click();
  await expect.poll(() => asked).toBe(LEAVE);
  await expect(page).toHaveURL(/\/groups\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible();
  await expect(name).toHaveValue('Half typed');

  page.once('dialog', (d) => void d.accept());
  await groupsLink.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible(DATA);
  await expect(page).toHaveURL(/\/groups$/);

  // An unchanged form lets you go without asking.
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
  await page.getByRole('link', { name: 'New group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New group' })).toBeVisible();
  await groupsLink.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible(DATA);
  expect(dialogs).toBe(0);
});

test('reloading a changed form asks first (beforeunload)', async ({ signedIn: page }) => {
  await page.goto('groups/new');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Half typed');
  const dialog = page.waitForEvent('dialog');
  void page.close({ runBeforeUnload: true });
  const d = await dialog;
  expect(d.type()).toBe('beforeunload');
  await d.dismiss();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Half typed');
});

test("change a device's owner with the picker: only userId is sent, the page shows the new owner", async ({ signedIn: page, emulator, request }) => {
  const device = (await emulator.api(request, 'device?limit=5')).data[3];
  const users: any[] = (await emulator.api(request, 'user')).data;
  const owner = users.find((u) => u.id === device.userId);
  const target = users.find((u) => u.id !== device.userId && u.email);
  const targetName = `${target.firstName} ${target.lastName}`;

  await page.goto(`devices/${device.id}`);
  const picker = page.getByRole('combobox', { name: 'Owner' });
  await expect(picker).toHaveValue(`${owner.firstName} ${owner.lastName}`, DATA);
  await expect(page.getByRole('button', { name: 'Save owner' })).toBeDisabled();
  await picker.click();
  await picker.fill(target.email.toUpperCase());
  const option = page.getByRole('option', { name: new RegExp(target.email.replace(/[.+]/g, '\\$&')) });
  await expect(option).toHaveCount(1, DATA);
  await option.click();
  await expect(picker).toHaveValue(targetName);
  await expect(page.getByText(`Owner: “${owner.firstName} ${owner.lastName}” → “${targetName}”`)).toBeVisible();

  const posts = countPosts(page);
  const post = page.waitForRequest((r) => r.method() === 'POST');
  await page.getByRole('button', { name: 'Save owner' }).click();
  expect((await post).postData()).toBe(`userId=${target.id}`);
  await expect(page.getByText(`Owner changed to “${targetName}”.`)).toBeVisible(DATA);
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: targetName })).toBeVisible(DATA);
  // The Owner field (the breadcrumb's name starts with its separator).
  const ownerLink = page.getByRole('link', { name: targetName, exact: true });
  await expect(ownerLink).toHaveAttribute('href', new RegExp(`/users/${target.id}$`));
  await expect(picker).toHaveValue(targetName);
  expect(posts).toHaveLength(1);
  const after = await emulator.api(request, `device/${device.id}`);
  expect(after.data.userId).toBe(target.id);
  expect(after.data.name).toBe(device.name);
});

test('the edit forms and an open picker have no axe violations', async ({ signedIn: page, emulator, request }) => {
  const scan = async () => {
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target).join(', ')}`)).toEqual([]);
  };
  const group = (await emulator.api(request, 'group')).data[0];
  await page.goto(`groups/${group.id}/edit`);
  await page.getByRole('textbox', { name: 'Description', exact: true }).fill('Changed for the preview');
  await expect(page.getByText('Saving will change:')).toBeVisible(DATA);
  await scan();
  const user = (await emulator.api(request, 'user')).data[0];
  await page.goto(`users/${user.id}/edit`);
  const picker = page.getByRole('combobox', { name: 'Group' });
  await expect(picker).not.toHaveValue('', DATA);
  await picker.fill('e');
  await picker.press('ArrowDown');
  await picker.press('ArrowDown');
  await expect(picker).toHaveAttribute('aria-activedescendant', /option-1$/);
  await scan();
});
