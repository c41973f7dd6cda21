// The smoke walk of the main flows, the same in every engine. Each step is
// a user's errand, done by role and name, checked against the API (straight
// from the emulator) and, for writes, against what the proxy saw arrive.
// Steps run in order and share one signed-in tab, as a user's session does.
import { API_KEY } from './harness.mjs';

const re = (source, flags) => ({ regex: source, flags });

function expectEqual(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

export const steps = [
  ['sign-in: a wrong key is refused with the server\'s words, and kept', async (w) => {
    await w.goto('sign-in');
    await w.fill('API key', 'definitely-not-the-key');
    await w.click('button', 'Sign in');
    const alert = await w.see('alert', re('Invalid API Key'));
    if (!(await w.text(alert)).includes('Invalid API Key')) throw new Error('no server message');
    expectEqual(await w.value('API key'), 'definitely-not-the-key', 'the key field');
    await w.waitUrl(/\/sign-in/);
  }],

  ['sign-in: a deep link while signed out returns there after the right key', async (w, emu) => {
    const total = (await emu.api('user?limit=10&page=2')).total;
    await w.goto('users?page=2&limit=10');
    await w.waitUrl(/\/sign-in\?next=/);
    await w.fill('API key', API_KEY);
    await w.click('button', 'Sign in');
    await w.waitUrl(/\/users\?page=2&limit=10$/);
    await w.seeText(`11–20 of ${total}`);
    const stored = await w.b.eval(() => Object.values(sessionStorage).join());
    if (!stored.includes(API_KEY)) throw new Error('the key is not in session storage');
    const local = await w.b.eval(() => JSON.stringify(localStorage));
    if (local.includes(API_KEY)) throw new Error('the key is in local storage');
  }],

  ['users: rows per page and paging live in the URL, survive a reload, and Back', async (w, emu) => {
    const second = await emu.api('user?limit=10&page=2');
    await w.goto('users');
    await w.see('table', 'Users');
    await w.select('Rows per page', '10');
    await w.waitUrl(/limit=10/);
    await w.seeText(`1–10 of ${second.total}`);
    await w.click('button', 'Next page');
    await w.waitUrl(/\/users\?page=2&limit=10$/);
    await w.seeText(`11–20 of ${second.total}`);
    await w.b.reload();
    await w.seeText(`11–20 of ${second.total}`);
    const first = second.data[0];
    await w.see('link', `${first.firstName} ${first.lastName}`, { within: ['table', 'Users'] });
    await w.b.back();
    await w.seeText(`1–10 of ${second.total}`);
  }],

  ['groups: sorting by name lives in the URL and survives a reload', async (w, emu) => {
    const names = (await emu.all('group')).map((g) => g.name);
    const sorted = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    await w.goto('groups');
    await w.see('table', 'Groups');
    await w.until(async () => (await w.count('row', null, { within: ['table', 'Groups'] })) === names.length + 1, 'every group');
    await w.click('button', 'Name', { within: ['table', 'Groups'] });
    await w.waitUrl(/sort=name/);
    const ascending = async () => {
      const header = await w.see('columnheader', re('^Name'));
      return (await w.attr(header, 'aria-sort')) === 'ascending';
    };
    await w.until(ascending, 'Name sorted ascending');
    const shown = () => w.texts('rowheader', null, { within: ['table', 'Groups'] });
    await w.until(async () => JSON.stringify(await shown()) === JSON.stringify(sorted), 'the groups in name order');
    await w.b.reload();
    await w.until(ascending, 'Name still sorted ascending after the reload');
    await w.until(async () => JSON.stringify(await shown()) === JSON.stringify(sorted), 'the groups still in name order');
  }],

  ['devices: the next page is in the URL and shows the API\'s next page', async (w, emu) => {
    const page2 = await emu.api('device?limit=25&page=2');
    await w.goto('devices');
    await w.see('table', 'Devices');
    await w.click('button', 'Next page');
    await w.waitUrl(/\/devices\?page=2/);
    await w.see('link', page2.data[0].name, { within: ['table', 'Devices'] });
    await w.seeText(`26–50 of ${page2.total}`);
  }],

  ['drill down group › user › device › locations, with the track drawn', async (w, emu) => {
    // A device with a track, its owner and the owner's group.
    let device;
    let fixes;
    for (const d of (await emu.api('device?limit=20')).data) {
      const all = await emu.all(`devicelocation/${d.id}`);
      if (all.length > 50) { device = d; fixes = all; break; }
    }
    if (!device) throw new Error('the demo seed has no tracked device');
    const user = (await emu.api(`user/${device.userId}`)).data;
    const group = (await emu.api(`group/${user.groupId}`)).data;
    const person = `${user.firstName} ${user.lastName}`;
    await w.goto('groups?limit=100');
    await w.click('link', group.name, { within: ['table', 'Groups'] });
    await w.see('heading', group.name);
    await w.goto(`groups/${group.id}?limit=100`);
    await w.click('link', person, { within: ['table', 'Users'] });
    await w.see('heading', person);
    await w.click('link', device.name, { within: ['table', 'Devices'] });
    await w.see('heading', device.name);
    const crumbs = await w.see('navigation', 'Breadcrumb');
    const trail = await w.text(crumbs);
    for (const part of ['Groups', group.name, person, device.name]) {
      if (!trail.includes(part)) throw new Error(`the breadcrumb “${trail}” lacks ${part}`);
    }
    await w.click('link', 'Show all locations');
    await w.see('heading', `Locations of ${device.name}`);
    await w.click('button', 'All');
    await w.waitUrl(/range=all/);
    const map = await w.see('region', `Map of ${device.name}'s locations`);
    await w.until(async () => (await w.attr(map, 'data-fixes')) === String(fixes.length), `${fixes.length} fixes drawn`);
    await w.until(() => w.b.evalOn(map, (m) => !!m.querySelector('.leaflet-overlay-pane path, .leaflet-overlay-pane canvas')),
      'the track drawn in the map');
  }],

  ['create a group: the API receives the typed fields, and the group opens', async (w, emu) => {
    await w.goto('groups');
    await w.click('link', 'New group');
    await w.see('heading', 'New group');
    await w.fill('Name', 'Night Shift');
    await w.fill('Description', 'Security & cleaning, after hours');
    const before = emu.writes.length;
    await w.click('button', 'Create group');
    await w.see('heading', 'Night Shift');
    // (?limit=10: the Users page size chosen in an earlier step applies to the group's users too.)
    await w.waitUrl(/\/groups\/\d{30}(\?limit=10)?$/);
    const sent = emu.writes.slice(before);
    expectEqual(sent.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`), ['PUT /api/v1/KEY/group'], 'the requests sent');
    const body = Object.fromEntries(new URLSearchParams(sent[0].body));
    expectEqual(body, { name: 'Night Shift', description: 'Security & cleaning, after hours' }, 'the PUT body');
    const names = (await emu.all('group')).map((g) => g.name);
    if (!names.includes('Night Shift')) throw new Error('the API does not list the new group');
  }],

  ['rename a device: only the name is sent, and the page shows it', async (w, emu) => {
    const device = (await emu.api('device?limit=1')).data[0];
    await w.goto(`devices/${device.id}`);
    await w.see('heading', device.name);
    await w.fill('Device name', 'Front desk <b>tablet</b>');
    const before = emu.writes.length;
    await w.click('button', 'Save name');
    await w.see('heading', 'Front desk <b>tablet</b>');
    const sent = emu.writes.slice(before);
    expectEqual(sent.map((r) => [r.method, r.path, r.body]),
      [['POST', `/api/v1/KEY/device/${device.id}`, 'name=Front+desk+%3Cb%3Etablet%3C%2Fb%3E']], 'the requests sent');
    const after = (await emu.api(`device/${device.id}`)).data;
    expectEqual([after.name, after.model], ['Front desk <b>tablet</b>', device.model], 'the device after the save');
  }],

  ['a bulk rename: two devices ticked, previewed, then one POST each of the name only', async (w, emu) => {
    const [a, b] = (await emu.api('device?limit=25')).data.slice(2, 4);
    await w.goto('devices');
    await w.see('table', 'Devices');
    await w.click('checkbox', `Select ${a.name}`, { within: ['table', 'Devices'] });
    await w.click('checkbox', `Select ${b.name}`, { within: ['table', 'Devices'] });
    await w.seeText('2 devices selected');
    await w.click('button', 'Rename…');
    await w.fill('Name pattern', 'Spare {n}');
    await w.see('table', 'First rows of the rename');
    await w.click('button', 'Preview every rename…');
    await w.waitUrl(/\/bulk$/);
    const before = emu.writes.length;
    await w.click('button', 'Send 2 changes');
    await w.seeText('Finished: 2 done.');
    // {n} counts in name order.
    const ordered = [a, b].sort((x, y) => x.name.toLowerCase().localeCompare(y.name.toLowerCase()));
    const sent = emu.writes.slice(before).map((r) => [r.method, r.path, r.body]);
    expectEqual(sent.sort(), ordered.map((d, i) => ['POST', `/api/v1/KEY/device/${d.id}`, `name=Spare+${i + 1}`]).sort(), 'the requests sent');
  }],

  ['export the users as CSV: every page, named after the view', async (w, emu) => {
    const users = await emu.all('user');
    await w.goto('users');
    await w.see('table', 'Users');
    // The file is read where the portal makes it (its Blob), and the
    // browser's own download is held back: headless engines differ there.
    await w.b.eval(() => {
      window.__exported = [];
      const make = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob) => {
        const url = make(blob);
        blob.text().then((text) => window.__exported.push({ url, text }));
        return url;
      };
      // The portal clicks a link it never attaches to the document.
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        if (this.download && this.href.startsWith('blob:')) window.__exportedName = this.download;
        else click.call(this);
      };
    });
    await w.click('button', 'Export CSV');
    const file = await w.until(() => w.b.eval(() => window.__exported.length && window.__exportedName
      ? { name: window.__exportedName, text: window.__exported[0].text } : null), 'the exported file');
    expectEqual(file.name, 'users.csv', 'the file name');
    const lines = file.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expectEqual(lines[0], 'Name,Email,Phone', 'the header line');
    expectEqual(lines.length, users.length + 1, 'the number of lines');
    const last = [...users].reverse().find((u) => u.email);
    if (!lines.some((l) => l.includes(last.email))) throw new Error(`the file lacks ${last.email}`);
  }],

  ['the fleet map draws one marker per device with a fix', async (w, emu) => {
    const devices = await emu.all('device');
    const totals = await Promise.all(devices.map((d) => emu.api(`devicelocation/${d.id}?limit=1`)));
    const withFix = totals.filter((t) => t.total > 0).length;
    await w.goto('groups');
    await w.click('link', 'Map', { within: ['navigation', 'Main'] });
    await w.see('heading', 'Fleet map');
    const map = await w.see('region', 'Fleet map');
    await w.until(async () => (await w.attr(map, 'data-markers')) === String(withFix), `${withFix} markers`, 30_000);
    const legend = await w.see('list', 'Age of the latest fix');
    if (!(await w.text(legend)).includes(`No fix: ${devices.length - withFix}`)) throw new Error('the legend does not count the devices without a fix');
    await w.until(() => w.b.evalOn(map, (m) => m.querySelectorAll('.leaflet-marker-icon').length > 0), 'markers in the map');
  }],

  ['a key revoked while signed in signs out with a message', async (w, emu) => {
    await w.goto('groups');
    await w.see('table', 'Groups');
    // Groups has read every row's count of users (one request a row, after
    // the rows): else one of those is the one rejected, before the click,
    // and the sign-out comes back to Groups.
    await w.until(() => w.b.eval(() => {
      const counts = [...document.querySelectorAll('table tbody tr td:last-child')];
      return counts.length > 0 && counts.every((c) => /^\d+$/.test(c.textContent.trim()));
    }), "every group's count of users");
    emu.revokeKey();
    await w.click('link', 'Users', { within: ['navigation', 'Main'] });
    await w.see('status', re('rejected the key'));
    await w.waitUrl(/\/sign-in\?next=%2Fusers/);
    // Only the tab's activity log and bulk change stay (the writes above), never the key.
    const left = await w.b.eval(() => Object.keys(sessionStorage)
      .filter((k) => !k.startsWith('ezmdm.activity:') && !k.startsWith('ezmdm.bulk:')).length);
    expectEqual(left, 0, 'session storage after the forced sign-out, but for the activity log and the bulk change');
    const stored = await w.b.eval(() => Object.values(sessionStorage).join());
    if (stored.includes(API_KEY)) throw new Error('the key is in session storage after the forced sign-out');
  }],
];

