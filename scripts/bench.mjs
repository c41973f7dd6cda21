// The portal's benchmark: timings in headless Chromium against an emulator
// with the large seed, requests per view, JS heap, and bundle sizes.
//
//   node scripts/bench.mjs --origin http://127.0.0.1:PORT [--slow-origin http://127.0.0.1:PORT2]
//                          [--compare-origin URL --compare-slow-origin URL --compare-label NAME]
//                          --key KEY [--dist dist]
//                          [--runs 7] [--smoke] [--json FILE] [--only fleet,track,...]
//
// Each option may come from the environment instead: BENCH_ORIGIN, BENCH_KEY,
// BENCH_DIST, BENCH_RUNS (and CHROMIUM_BIN for the browser). scripts/bench.sh
// (`make bench`) builds, starts `ezmdm-emulator --seed large --db :memory:`
// serving dist/, and runs this.
//
// Full mode: the median of --runs (default 7) runs of each scenario, cold and
// warm where that applies. --smoke (CI): sizes plus one run of each scenario.
// Budgets missed are reported, never fatal: the only failure (exit 1) is the
// brotli size of the initial download (main wasm + its JS + the split loader;
// not the chunks loaded with later routes) growing past the ceiling in
// bench/size-ceiling.json.
//
// Every time is measured inside the page with performance.now(): an init
// script records when tables, the pager's range label and the maps'
// data-fixes / data-markers attributes change, and when the next frame after
// that change was painted (requestAnimationFrame, then a task). Page loads are
// timed from navigation start, in-app actions from the click. One unmeasured
// page load in a throwaway context comes first, to start the browser's
// processes.
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync, existsSync, statSync, readdirSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---- options ----------------------------------------------------------------

function option(name, env, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  return process.env[env] ?? fallback;
}
const smoke = process.argv.includes('--smoke');
const origin = option('origin', 'BENCH_ORIGIN', '').replace(/\/+$/, '');
const portal = option('portal', 'BENCH_PORTAL', `${origin}/`).replace(/\/?$/, '/');
// The same portal and data from an emulator whose API answers 100 ms late
// (`--latency-ms 100`), for the "slow API" rows; scripts/bench.sh starts it.
const slowOrigin = option('slow-origin', 'BENCH_SLOW_ORIGIN', '').replace(/\/+$/, '');
// Another build's portal (its normal and slow emulators), for --only compare:
// the page loads run by turns against both, so the machine's drift (large
// here: medians move by 100 ms from one minute to the next) hits both alike.
const compareOrigin = option('compare-origin', 'BENCH_COMPARE_ORIGIN', '').replace(/\/+$/, '');
const compareSlowOrigin = option('compare-slow-origin', 'BENCH_COMPARE_SLOW_ORIGIN', '').replace(/\/+$/, '');
const compareLabel = option('compare-label', 'BENCH_COMPARE_LABEL', 'the other build');
// The yardstick (bench/plain/, served by its own emulator with the same seed):
// a plain page that fetches the same API and writes the same rows. The
// "race" scenario times it and the portal by turns and reports ratios.
const plainOrigin = option('plain-origin', 'BENCH_PLAIN_ORIGIN', '').replace(/\/+$/, '');
// The second yardstick (bench/leptos-floor/, `scripts/bench.sh --floor`): the
// least a Leptos CSR app can be and show the same rows; raced in "race" too.
const floorOrigin = option('floor-origin', 'BENCH_FLOOR_ORIGIN', '').replace(/\/+$/, '');
const floorDist = option('floor-dist', 'BENCH_FLOOR_DIST', path.join(root, 'target/leptos-floor'));
const key = option('key', 'BENCH_KEY', '');
const dist = path.resolve(option('dist', 'BENCH_DIST', path.join(root, 'dist')));
const runs = Math.max(1, Number(option('runs', 'BENCH_RUNS', smoke ? '1' : '7')) || 1);
const jsonOut = option('json', 'BENCH_JSON', '');
const ceilingFile = option('ceiling', 'BENCH_CEILING', path.join(root, 'bench/size-ceiling.json'));
const chromiumBin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
// --only race,fcp,lists,latency,next,item,track,trips,area,fleet,requests,memory,overview,compare: a subset of the scenarios.
const only = option('only', 'BENCH_ONLY', '').split(',').map((s) => s.trim()).filter(Boolean);

if (!origin || !key) {
  console.error('usage: node scripts/bench.mjs --origin http://HOST:PORT [--slow-origin http://HOST:PORT] --key KEY [--dist DIR] [--runs N] [--smoke] [--json FILE]');
  console.error('       (or BENCH_ORIGIN, BENCH_KEY, BENCH_DIST, BENCH_RUNS; scripts/bench.sh does it all)');
  process.exit(2);
}
const apiBase = `${origin}/api/v1/${encodeURIComponent(key)}`;

// ---- formatting ---------------------------------------------------------------

const kb = (n) => (n == null ? '—' : `${(n / 1024).toFixed(1)} KB`);
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const msf = (n) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function printTable(header, rows, align) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const cell = (v, i) => (align[i] === 'r' ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i]));
  console.log(`| ${header.map(cell).join(' | ')} |`);
  console.log(`| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.map(cell).join(' | ')} |`);
}

// ---- results --------------------------------------------------------------------

/** Rows of the results table, in the order measured. */
const results = [];
/** kind: 'ms' | 'count' | 'bytes'. `values` are the runs; `note` replaces the numbers. */
function record(scenario, kind, values, budget, note, pass) {
  results.push({ scenario, kind, values, budget, note, pass });
  const shown = note ?? `${fmt(kind, median(values))} (n=${values.length})`;
  console.log(`  ${scenario}: ${shown}`);
}
function fmt(kind, v) {
  if (v == null || Number.isNaN(v)) return '—';
  if (kind === 'ms') return msf(v);
  if (kind === 'bytes') return mb(v);
  return String(v);
}
async function scenario(id, name, fn) {
  if (only.length && !only.includes(id)) return;
  const started = Date.now();
  console.log(`==> ${name}`);
  try {
    await fn();
  } catch (e) {
    const message = String(e?.message ?? e).split('\n')[0].slice(0, 160);
    console.log(`  error: ${message}`);
    if (process.env.BENCH_STACK) console.log(e?.stack);
    results.push({ scenario: `${name} (error, see above)`, kind: 'ms', values: [], budget: null, note: 'error' });
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

// ---- the page-side recorder ---------------------------------------------------------

/** Runs at the start of every document (see the header comment). */
function recorder(key) {
  try {
    performance.setResourceTimingBufferSize(100000);
  } catch {}
  if (key) {
    try {
      sessionStorage.setItem('ezmdm.apiKey', key);
    } catch {}
  }
  const b = (window.__bench = { tables: [], ranges: [], attrs: [], wasm: null, signIn: null });
  addEventListener('TrunkApplicationStarted', (e) => {
    b.wasm = e.detail && e.detail.wasm;
  });
  const painted = (entry) =>
    requestAnimationFrame(() =>
      setTimeout(() => {
        entry.painted = performance.now();
      }, 0),
    );
  let lastTables = null;
  let lastRange;
  const scan = (t) => {
    // The sign-in form's key field, once it is in the page (painted after).
    if (!b.signIn && document.getElementById('api-key')) {
      b.signIn = { t };
      painted(b.signIn);
    }
    const tables = {};
    const firsts = {};
    let sig = '';
    for (const table of document.querySelectorAll('table')) {
      const caption = table.querySelector('caption');
      if (!caption) continue;
      const name = caption.textContent.trim();
      const n = table.querySelectorAll('tbody tr').length;
      tables[name] = Math.max(tables[name] ?? 0, n);
      // The first row too, so a new page of as many rows counts as a change.
      const first = table.querySelector('tbody tr');
      firsts[name] = first ? first.textContent.slice(0, 200) : '';
      sig += `${name}:${n}:${first ? first.textContent.slice(0, 80) : ''}|`;
    }
    if (sig !== lastTables) {
      lastTables = sig;
      const entry = { t, tables, firsts, search: location.search };
      b.tables.push(entry);
      painted(entry);
    }
    const range = document.querySelector('nav[aria-label^="Pagination"] .range');
    const text = range ? range.textContent : null;
    if (text !== lastRange) {
      lastRange = text;
      const entry = { t, text };
      b.ranges.push(entry);
      painted(entry);
    }
  };
  const watched = ['data-fixes', 'data-stops', 'data-markers', 'data-devices', 'data-settled'];
  // An attribute set before its element is in the page makes no attribute
  // record: an element coming in with one counts as its first value.
  const seen = new WeakMap();
  const note = (t, el, name) => {
    const value = el.getAttribute(name);
    const last = seen.get(el) ?? {};
    if (last[name] === value) return;
    seen.set(el, { ...last, [name]: value });
    const entry = { t, name, value, label: el.getAttribute('aria-label') };
    b.attrs.push(entry);
    painted(entry);
  };
  new MutationObserver((records) => {
    const t = performance.now();
    for (const r of records) {
      if (r.type === 'attributes') note(t, r.target, r.attributeName);
      for (const added of r.addedNodes ?? []) {
        if (!(added instanceof Element)) continue;
        for (const el of [added, ...added.querySelectorAll(watched.map((a) => `[${a}]`).join(','))]) {
          for (const name of watched) if (el.hasAttribute(name)) note(t, el, name);
        }
      }
    }
    scan(t);
  }).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: watched,
  });
}

// ---- browser helpers ------------------------------------------------------------------

let browser;

/** A fresh context (empty cache); with `signedIn` the key is put in the tab's sessionStorage. */
async function freshPage({ signedIn = true, baseURL = portal } = {}) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(recorder, signedIn ? key : null);
  const page = await context.newPage();
  return { context, page };
}

/** The first recorded table state at or after `t0` with at least `n` rows in table `caption`, once painted. */
async function waitTable(page, caption, n, t0 = 0, timeout = 30_000) {
  const handle = await page.waitForFunction(
    ([caption, n, t0]) => {
      const e = window.__bench?.tables.find((e) => e.t >= t0 && (e.tables[caption] ?? 0) >= n);
      return e && e.painted !== undefined ? e : null;
    },
    [caption, n, t0],
    { timeout },
  );
  return handle.jsonValue();
}

async function now(page) {
  return page.evaluate(() => performance.now());
}

/** Follows a link inside the app (the router takes the click: no page load); returns the click's time. */
async function clickLink(page, href) {
  const t0 = await page.evaluate((href) => {
    window.__benchSamePage = true;
    const a = document.createElement('a');
    a.href = href;
    a.textContent = 'bench link';
    document.body.appendChild(a);
    const t = performance.now();
    a.click();
    a.remove();
    return t;
  }, href);
  return t0;
}
async function assertSamePage(page) {
  if (!(await page.evaluate(() => window.__benchSamePage === true))) {
    throw new Error('the link loaded a new page instead of an in-app navigation');
  }
}

/**
 * Clicks "Next page" and returns the time from the click to the new range label painted.
 * With `restMs`, the pointer first rests on the button that long, as a hand does before
 * it clicks (the pager fetches the page under the pointer ahead of the click).
 */
async function nextPage(page, caption, restMs = 0) {
  const before = await page.evaluate(() => document.querySelector('nav[aria-label^="Pagination"] .range')?.textContent);
  if (restMs > 0) {
    await page.hover('button[aria-label="Next page"]');
    await page.waitForTimeout(restMs);
  }
  const t0 = await page.evaluate(() => {
    const t = performance.now();
    document.querySelector('button[aria-label="Next page"]').click();
    return t;
  });
  const handle = await page.waitForFunction(
    ([before, t0]) => {
      const e = window.__bench.ranges.find((e) => e.t >= t0 && e.text && e.text !== before);
      return e && e.painted !== undefined ? e : null;
    },
    [before, t0],
    { timeout: 30_000 },
  );
  const e = await handle.jsonValue();
  await waitTable(page, caption, 100, t0);
  return { ms: e.painted - t0, text: e.text };
}

function apiRequests(page) {
  const list = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/')) list.push(r.url().replace(encodeURIComponent(key), 'KEY'));
  });
  return list;
}

// ---- bundle sizes ------------------------------------------------------------------------

function compressed(file, suffix, make) {
  const sibling = `${file}.${suffix}`;
  if (existsSync(sibling) && statSync(sibling).mtimeMs >= statSync(file).mtimeMs) {
    return statSync(sibling).size;
  }
  return make(readFileSync(file)).length;
}
function sizeOf(file) {
  const raw = statSync(file).size;
  const gzip = compressed(file, 'gz', (b) => zlib.gzipSync(b, { level: 9 }));
  const brotli = compressed(file, 'br', (b) =>
    zlib.brotliCompressSync(b, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length,
        [zlib.constants.BROTLI_PARAM_MODE]: file.endsWith('.wasm')
          ? zlib.constants.BROTLI_MODE_GENERIC
          : zlib.constants.BROTLI_MODE_TEXT,
      },
    }),
  );
  return { file: path.relative(dist, file), raw, gzip, brotli };
}
function bundleSizes() {
  const top = readdirSync(dist).filter((f) => statSync(path.join(dist, f)).isFile());
  const pick = (re) => top.filter((f) => re.test(f)).map((f) => path.join(dist, f));
  // What the first page loads: the main module (`ezmdm-portal-<hash>_bg.wasm`),
  // its JS, and the split loader (`__wasm_split-<hash>.js`, see
  // scripts/wasm-split.mjs); every other .wasm is a chunk fetched with a
  // later route (src/app/lazy_routes.rs).
  const isMainWasm = (f) => /_bg\.wasm$/.test(f);
  const initial = [
    ...pick(/^index\.html$/),
    ...pick(/\.js$/),
    ...pick(/\.wasm$/).filter((f) => isMainWasm(f)),
    ...pick(/\.css$/),
  ].map(sizeOf);
  const chunks = pick(/\.wasm$/)
    .filter((f) => !isMainWasm(f))
    .map(sizeOf)
    .sort((a, b) => b.brotli - a.brotli);
  const leafletDir = path.join(dist, 'leaflet');
  const leaflet = existsSync(leafletDir)
    ? readdirSync(leafletDir)
        .filter((f) => /\.(js|css)$/.test(f))
        .sort()
        .reverse()
        .map((f) => sizeOf(path.join(leafletDir, f)))
    : [];
  return { initial, chunks, leaflet };
}
function printSizes(title, rows) {
  const total = rows.reduce(
    (t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
  console.log(`\n${title}\n`);
  printTable(
    ['file', 'raw', 'gzip -9', 'brotli 11'],
    [
      ...rows.map((r) => [`\`${r.file}\``, kb(r.raw), kb(r.gzip), kb(r.brotli)]),
      ['**total**', kb(total.raw), kb(total.gzip), kb(total.brotli)],
    ],
    ['l', 'r', 'r', 'r'],
  );
}

// ---- the scenarios -------------------------------------------------------------------------

let wire = null; // how the wasm came over the wire on a cold load

async function firstContentfulPaint() {
  const fcp = async (page) => {
    await page.getByLabel('API key').waitFor({ timeout: 30_000 });
    return page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          setTimeout(() => reject(new Error('no first-contentful-paint entry within 10 s')), 10_000);
          new PerformanceObserver((list, observer) => {
            const fcp = list.getEntries().find((e) => e.name === 'first-contentful-paint');
            if (fcp) {
              observer.disconnect();
              resolve(fcp.startTime);
            }
          }).observe({ type: 'paint', buffered: true });
        }),
    );
  };
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await freshPage({ signedIn: false });
    let encoding = null;
    page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) encoding = r.headers()['content-encoding'] ?? 'identity';
    });
    await page.goto('sign-in', { waitUntil: 'commit' });
    cold.push(await fcp(page));
    if (!wire) {
      wire = await page.evaluate(() => {
        const e = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
        return e && { transfer: e.encodedBodySize, decoded: e.decodedBodySize };
      });
      if (wire) wire.encoding = encoding;
    }
    await page.goto('sign-in', { waitUntil: 'commit' });
    warm.push(await fcp(page));
    await context.close();
  }
  record('First contentful paint, sign-in, cold', 'ms', cold, 150);
  record('First contentful paint, sign-in, warm', 'ms', warm, 150);
}

/** A list of 100 rows: cold page load, warm page load, and in-app navigation from another list. */
/** Ratios to the plain page, in the order measured (the report's first table). */
const ratios = [];
function ratio(what, portalRuns, plainRuns, budget, plainLabel = 'plain page') {
  const [p, y] = [median(portalRuns), median(plainRuns)];
  const r = p / y;
  ratios.push({ what, portal: p, plain: y, plainLabel, ratio: r, budget, runs: portalRuns.length });
  console.log(`  ${what}: ${msf(p)}, ${plainLabel} ${msf(y)}: ${r.toFixed(2)}× (${budget == null ? 'info' : `budget ≤ ${budget}×`})`);
}

/**
 * The portal against the plain page (bench/plain/), by turns (which goes
 * first alternates), each run in a fresh context: the sign-in form painted
 * from a cold load, 100 rows of Groups and Devices after a page load, the
 * next page of 100, and the portal's first visit of a list by the
 * navigation (set against the plain page's next page: both fetch one page
 * of an app already running).
 */
async function raceThePlainPage() {
  if (!plainOrigin) throw new Error('no --plain-origin (scripts/bench.sh starts the plain page)');
  const plain = `${plainOrigin}/`;
  const floor = floorOrigin ? `${floorOrigin}/` : null;
  // k: 0 the portal, 1 the plain page, 2 the Leptos floor (bench/leptos-floor/, with --floor).
  const m = { signIn: [[], []], groups: [[], [], []], devices: [[], [], []], next: [[], [], []], nav: [] };
  const signIn = async (yardstick) => {
    const { context, page } = await freshPage({ signedIn: false, baseURL: yardstick ? plain : portal });
    await page.goto(yardstick ? '' : 'sign-in', { waitUntil: 'commit' });
    const handle = await page.waitForFunction(() => window.__bench.signIn?.painted ?? null, null, { timeout: 30_000 });
    const t = await handle.jsonValue();
    await context.close();
    return t;
  };
  // The yardsticks share the plain page's URLs (`?list=group&limit=100`).
  const rows = async (k, caption, list, route) => {
    const { context, page } = await freshPage({ baseURL: [portal, plain, floor][k] });
    await page.goto(k ? `?list=${list}&limit=100` : `${route}?limit=100`, { waitUntil: 'commit' });
    const t = (await waitTable(page, caption, 100)).painted;
    // The large seed has 100 groups: only the devices have a next page.
    const next = caption === 'Devices' ? (await nextPage(page, caption)).ms : null;
    let nav = null;
    if (k === 0 && caption === 'Groups') {
      const t0 = await clickLink(page, 'devices?limit=100');
      nav = (await waitTable(page, 'Devices', 100, t0)).painted - t0;
      await assertSamePage(page);
    }
    await context.close();
    return { t, next, nav };
  };
  const order = floor ? [[0, 1, 2], [1, 2, 0], [2, 0, 1]] : [[1, 0], [0, 1]];
  for (let i = 0; i < runs; i++) {
    for (const k of order[i % order.length]) {
      if (k < 2) m.signIn[k].push(await signIn(k === 1));
      const g = await rows(k, 'Groups', 'group', 'groups');
      m.groups[k].push(g.t);
      if (g.nav != null) m.nav.push(g.nav);
      const d = await rows(k, 'Devices', 'device', 'devices');
      m.devices[k].push(d.t);
      m.next[k].push(d.next);
    }
  }
  ratio('Sign-in form painted, cold load', m.signIn[0], m.signIn[1], 1.15);
  ratio('Groups: 100 rows after a page load, signed in', m.groups[0], m.groups[1], 1.3);
  ratio('Devices: 100 rows after a page load, signed in', m.devices[0], m.devices[1], 1.3);
  ratio('Devices: next page of 100, click to painted rows', m.next[0], m.next[1], 1.25);
  ratio('Devices: first visit by the navigation (against its next page)', m.nav, m.next[1], 1.3, "plain page's next page");
  if (!floor) return;
  // Its whole download, as the portal's initial one is counted (.wasm and .js, brotli 11).
  const floorBytes = readdirSync(floorDist)
    .filter((f) => /\.(wasm|js)$/.test(f))
    .reduce((n, f) => n + sizeOf(path.join(floorDist, f)).brotli, 0);
  console.log(`  the Leptos floor's download (wasm + JS, brotli 11): ${kb(floorBytes)}`);
  // What Leptos and wasm cost by themselves: the floor against the same plain page (no budget).
  const floorRatio = (what, k) => ratio(`${what} — the Leptos floor`, m[k][2], m[k][1], null);
  floorRatio('Groups: 100 rows after a page load', 'groups');
  floorRatio('Devices: 100 rows after a page load', 'devices');
  floorRatio('Devices: next page of 100, click to painted rows', 'next');
}

async function listOf100(caption, route, from, fromCaption) {
  const cold = [];
  const warm = [];
  const inApp = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await freshPage();
    await page.goto(`${route}?limit=100`, { waitUntil: 'commit' });
    cold.push((await waitTable(page, caption, 100)).painted);
    await page.goto(`${route}?limit=100`, { waitUntil: 'commit' });
    warm.push((await waitTable(page, caption, 100)).painted);
    await page.goto(`${from}?limit=10`, { waitUntil: 'commit' });
    await waitTable(page, fromCaption, 10);
    const t0 = await clickLink(page, `${route}?limit=100`);
    const e = await waitTable(page, caption, 100, t0);
    await assertSamePage(page);
    inApp.push(e.painted - t0);
    await context.close();
  }
  record(`${caption}: 100 rows, in-app navigation`, 'ms', inApp, 200);
  record(`${caption}: 100 rows, page load, cold cache`, 'ms', cold, 200);
  record(`${caption}: 100 rows, page load, warm cache`, 'ms', warm, 200);
}

/**
 * A cold page load of a list when every API answer comes 100 ms late, as over
 * a VPN (info; the emulator at --slow-origin): what asking for the first
 * view's data while the app starts saves, which loopback hides.
 */
async function listOverSlowApi(caption, route) {
  const name = `${caption}: 100 rows, page load, cold, API answers 100 ms late (info)`;
  if (!slowOrigin) {
    record(name, 'ms', [], null, 'not run (no --slow-origin)');
    return;
  }
  const times = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await freshPage({ baseURL: `${slowOrigin}/` });
    await page.goto(`${route}?limit=100`, { waitUntil: 'commit' });
    times.push((await waitTable(page, caption, 100)).painted);
    await context.close();
  }
  record(name, 'ms', times, null);
}

/**
 * With --compare-origin: cold page loads of both lists (and from the slow
 * API) and three next pages, against this build and the other by turns
 * (this, other, other, this, …). Info rows, one pair per measure.
 */
async function compareBuilds() {
  if (!compareOrigin) {
    console.log('  (no --compare-origin: nothing to compare)');
    return;
  }
  const targets = [
    { label: 'this build', origin, slow: slowOrigin },
    { label: compareLabel, origin: compareOrigin, slow: compareSlowOrigin },
  ];
  const group = await groupWithUsers();
  const times = new Map();
  const add = (name, ms) => times.set(name, [...(times.get(name) ?? []), ms]);
  for (let i = 0; i < runs; i++) {
    for (const t of i % 2 ? [...targets].reverse() : targets) {
      for (const [caption, route] of [['Groups', 'groups'], ['Devices', 'devices']]) {
        for (const [base, late] of [[t.origin, ''], [t.slow, ', API answers 100 ms late']]) {
          if (!base) continue;
          const { context, page } = await freshPage({ baseURL: `${base}/` });
          await page.goto(`${route}?limit=100`, { waitUntil: 'commit' });
          add(`${caption}: 100 rows, page load, cold${late} — ${t.label}`, (await waitTable(page, caption, 100)).painted);
          await context.close();
        }
      }
      for (const [base, late] of [[t.origin, ''], [t.slow, ', API answers 100 ms late']]) {
        if (!base) continue;
        const { context, page } = await freshPage({ baseURL: `${base}/` });
        await page.goto(`groups/${encodeURIComponent(group.id)}`, { waitUntil: 'commit' });
        add(`Group page: ${group.rows} users, page load, cold${late} — ${t.label}`, (await waitTable(page, 'Users', group.rows)).painted);
        await context.close();
      }
      const { context, page } = await freshPage({ baseURL: `${t.origin}/` });
      await page.goto('devices?limit=100', { waitUntil: 'commit' });
      await waitTable(page, 'Devices', 100);
      for (let n = 0; n < 3; n++) add(`Devices: next page of 100 rows — ${t.label}`, (await nextPage(page, 'Devices')).ms);
      await context.close();
    }
  }
  for (const [name, values] of times) record(`${name} (info)`, 'ms', values, null);
}

async function nextPageOf100() {
  const { context, page } = await freshPage();
  await page.goto('devices?limit=100', { waitUntil: 'commit' });
  await waitTable(page, 'Devices', 100);
  const times = [];
  let last = '';
  for (let i = 0; i < runs; i++) {
    const r = await nextPage(page, 'Devices');
    times.push(r.ms);
    last = r.text;
  }
  console.log(`  (last range: ${last})`);
  record('Devices: next page of 100 rows', 'ms', times, 50);
  // Between runs the pointer leaves the pager, so each rest starts a fresh prefetch.
  const rested = [];
  for (let i = 0; i < runs; i++) {
    await page.mouse.move(0, 0);
    rested.push((await nextPage(page, 'Devices', 150)).ms);
  }
  record('Devices: next page, pointer on the button 150 ms before the click (info)', 'ms', rested, null);
  await context.close();
}

/** The first group with users: its page (the items module) shows a table of them. */
async function groupWithUsers() {
  const get = async (item) => {
    const res = await fetch(`${apiBase}/${item}`);
    if (!res.ok) throw new Error(`GET ${item}: HTTP ${res.status}`);
    return res.json();
  };
  for (const g of (await get('group?limit=100&page=1')).data ?? []) {
    const total = (await get(`user/${encodeURIComponent(g.id)}?limit=1&page=1`)).total ?? 0;
    if (total > 0) return { id: String(g.id), name: g.name, rows: Math.min(total, 25) };
  }
  throw new Error('no group with users (is the emulator seeded?)');
}

/**
 * A cold page load of an item page (a group and its users, in the items
 * module), painted with its first page of users (info): what a deep link to
 * a page outside the lists module costs, as the router's code is in that one.
 */
async function itemPageLoad() {
  const group = await groupWithUsers();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await freshPage();
    await page.goto(`groups/${encodeURIComponent(group.id)}`, { waitUntil: 'commit' });
    times.push((await waitTable(page, 'Users', group.rows)).painted);
    await context.close();
  }
  record(`Group page: ${group.rows} users, page load, cold (info)`, 'ms', times, null);
}

async function busiestDevice() {
  const get = async (item) => {
    const res = await fetch(`${apiBase}/${item}`);
    if (!res.ok) throw new Error(`GET ${item}: HTTP ${res.status}`);
    return res.json();
  };
  // The large seed gives the first device enrolled the 20,000-fix track, and
  // lists keep insertion order, so this usually stops at the first device.
  const devices = (await get('device?limit=100&page=1')).data ?? [];
  let best = null;
  for (const d of devices) {
    const total = (await get(`devicelocation/${encodeURIComponent(d.id)}?limit=1`)).total ?? 0;
    if (!best || total > best.total) best = { id: String(d.id), name: d.name, total };
    if (total >= 20_000) break;
  }
  if (!best) throw new Error('no devices (is the emulator seeded with --seed large?)');
  return best;
}

async function deviceTrack() {
  const device = await busiestDevice();
  console.log(`  device ${device.id} ("${device.name}"), ${device.total} fixes`);
  const label = `Map of ${device.name}'s locations`;
  const route = `devices/${encodeURIComponent(device.id)}/locations?range=all`;
  const measure = async (page) => {
    await page.goto(route, { waitUntil: 'commit' });
    const h = await page.waitForFunction(
      ([label, want]) => {
        const e = window.__bench?.attrs.find(
          (e) => e.name === 'data-fixes' && e.label === label && e.value === want,
        );
        return e && e.painted !== undefined ? e : null;
      },
      [label, String(device.total)],
      { timeout: 120_000 },
    );
    const drawn = await h.jsonValue();
    const data = await page.evaluate(() => {
      const rs = performance.getEntriesByType('resource').filter((e) => e.name.includes('/devicelocation/'));
      return {
        requests: rs.length,
        first: Math.min(...rs.map((e) => e.startTime)),
        last: Math.max(...rs.map((e) => e.responseEnd)),
      };
    });
    return { afterData: drawn.painted - data.last, set: drawn.t - data.last, total: drawn.painted, ...data };
  };
  const cold = [];
  const warm = [];
  const totals = [];
  const lastResponse = [];
  const attributeSet = [];
  let requests = 0;
  for (let i = 0; i < runs; i++) {
    const { context, page } = await freshPage();
    const c = await measure(page);
    cold.push(c.afterData);
    totals.push(c.total);
    lastResponse.push(c.last);
    attributeSet.push(c.set);
    requests = c.requests;
    warm.push((await measure(page)).afterData);
    await context.close();
  }
  console.log(
    `  (${requests} location requests, the last answered ${msf(median(lastResponse))} after navigation start; ` +
      `data-fixes set ${msf(median(attributeSet))} after it, cold)`,
  );
  record(`Device track of ${device.total.toLocaleString('en-US')} fixes painted after the last response, cold`, 'ms', cold, 300);
  record(`Device track of ${device.total.toLocaleString('en-US')} fixes painted after the last response, warm`, 'ms', warm, 300);
  record(`Device track of ${device.total.toLocaleString('en-US')} fixes, page load to painted, cold (info)`, 'ms', totals, null);
}

/** The stops marked on the map (`data-stops`) after the track's last
 *  response, and again after the stop time changes (click on Apply to the
 *  new stops painted). */
async function deviceTrips() {
  const device = await busiestDevice();
  const label = `Map of ${device.name}'s locations`;
  const route = `devices/${encodeURIComponent(device.id)}/locations?range=all`;
  const stopsAfter = (page, from) => page.waitForFunction(
    ([label, from]) => {
      const e = window.__bench?.attrs.slice(from).find((e) => e.name === 'data-stops' && e.label === label);
      return e && e.painted !== undefined ? e : null;
    },
    [label, from],
    { timeout: 120_000 },
  );
  const afterData = [];
  const afterChange = [];
  // The analysis alone (the portal's `ezmdm:trips` measure), apart from
  // the drawing of the track and tables around it.
  const computed = [];
  const recomputed = [];
  const lastMeasure = (page) => page.evaluate(() =>
    performance.getEntriesByName('ezmdm:trips', 'measure').at(-1)?.duration ?? NaN);
  let stops = '';
  for (let i = 0; i < runs; i++) {
    const { context, page } = await freshPage();
    await page.goto(route, { waitUntil: 'commit' });
    const first = await (await stopsAfter(page, 0)).jsonValue();
    const last = await page.evaluate(() => Math.max(...performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/devicelocation/')).map((e) => e.responseEnd)));
    afterData.push(first.painted - last);
    computed.push(await lastMeasure(page));
    stops = first.value;
    const from = await page.evaluate(() => window.__bench.attrs.length);
    // Every run is a fresh page at the default 5 minutes: 10 is a change.
    await page.getByRole('spinbutton', { name: 'Stop time' }).fill('10');
    const clicked = await page.evaluate(() => {
      const t = performance.now();
      document.querySelector('.stop-rules button[type=submit]').click();
      return t;
    });
    afterChange.push((await (await stopsAfter(page, from)).jsonValue()).painted - clicked);
    recomputed.push(await lastMeasure(page));
    await context.close();
  }
  console.log(`  device ${device.id}, ${device.total} fixes, ${stops} stops at the default rules ` +
    '(the track and its stops are drawn in the same turn: the first figure includes the track)');
  const fixes = device.total.toLocaleString('en-US');
  record(`Trips and stops of ${fixes} fixes computed, once the data is in`, 'ms', computed, 50);
  record(`Trips and stops of ${fixes} fixes computed again after a stop-time change`, 'ms', recomputed, null);
  record(`Track, trips and stops of ${fixes} fixes painted after the last response, cold`, 'ms', afterData, null);
  record(`Trips and stops of ${fixes} fixes redrawn after a stop-time change`, 'ms', afterChange, 100);
}

/** Who was here over the first group of the large seed (its 50 users' devices, the
 *  busiest track among them): the count, then the walk; requests and time reported. */
async function whoWasHere() {
  const get = async (item) => {
    const res = await fetch(`${apiBase}/${item}`);
    if (!res.ok) throw new Error(`GET ${item}: HTTP ${res.status}`);
    return res.json();
  };
  const group = ((await get('group?limit=1&page=1')).data ?? [])[0];
  if (!group) throw new Error('no groups (is the emulator seeded with --seed large?)');
  const device = await busiestDevice();
  const fix = ((await get(`devicelocation/${encodeURIComponent(device.id)}?limit=1&page=1`)).data ?? [])[0];
  const area = `c:${fix.latitude},${fix.longitude},5000`;
  const route = `map/area?range=all&group=${encodeURIComponent(group.id)}&area=${encodeURIComponent(area)}`;
  const counted = [], searched = [];
  let info = '';
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const { context, page } = await freshPage();
    await page.goto(route);
    const apiCount = () => page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/v1/')).length);
    await page.getByRole('button', { name: 'Find devices' }).click();
    const t0 = Date.now(), before = await apiCount();
    const confirm = page.getByRole('group', { name: 'Start the search?' });
    await confirm.waitFor({ timeout: 120_000 });
    counted.push(Date.now() - t0);
    const countRequests = (await apiCount()) - before;
    const summary = (await confirm.locator('p').first().textContent()).trim();
    await confirm.getByRole('button', { name: /^Start the search/ }).click();
    const t1 = Date.now();
    const outcome = page.getByRole('status').filter({ hasText: /^Searched / });
    await outcome.waitFor({ timeout: 300_000 });
    searched.push(Date.now() - t1);
    const walkRequests = (await apiCount()) - before - countRequests;
    info = `${summary} Count: ${countRequests} requests; walk: ${walkRequests} requests. ${(await outcome.textContent()).trim()}`;
    await context.close();
  }
  console.log(`  group ${group.id} ("${group.name}"): ${info}`);
  record(`Who was here over a group of the large seed: devices counted`, 'ms', counted, null);
  record(`Who was here over a group of the large seed: every track read and searched`, 'ms', searched, null);
}

async function fleetMap() {
  const name = 'Fleet map of 20,000 latest fixes painted after the data';
  // The page walks every device and each one's latest fix (tens of thousands
  // of requests): allow minutes in a full run, a minute in the smoke.
  const limit = smoke ? 60_000 : 600_000;
  const measure = async (page) => {
    await page.goto('map', { waitUntil: 'commit' });
    const notFound = page.getByRole('heading', { name: 'Page not found' });
    const drawn = page.waitForFunction(
      () => window.__bench?.attrs.some((e) => e.name === 'data-markers'),
      null,
      { timeout: limit },
    );
    const which = await Promise.race([
      notFound.waitFor({ timeout: limit }).then(() => 'not built'),
      drawn.then(() => 'drawn'),
    ]).catch(() => 'timeout');
    if (which !== 'drawn') return { which };
    // Settle: no new API response and no new data-markers for a second.
    let before = '';
    for (let i = 0; i < 600; i++) {
      await page.waitForTimeout(1000);
      const state = await page.evaluate(
        () =>
          `${performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/')).length}/` +
          `${window.__bench.attrs.filter((e) => e.name === 'data-markers').length}`,
      );
      if (state === before) break;
      before = state;
    }
    return page.evaluate(() => {
      const marks = window.__bench.attrs.filter((e) => e.name === 'data-markers');
      const drawn = marks[marks.length - 1];
      const api = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/v1/') && e.responseEnd <= drawn.t);
      const last = api.reduce((m, e) => Math.max(m, e.responseEnd), 0);
      const painted = drawn.painted ?? drawn.t;
      return { which: 'drawn', afterData: painted - last, markers: drawn.value, requests: api.length, total: painted };
    });
  };
  const cold = [];
  const warm = [];
  const totals = [];
  let info = null;
  let fleetRuns = runs;
  for (let i = 0; i < fleetRuns; i++) {
    const { context, page } = await freshPage();
    try {
      const c = await measure(page);
      if (c.which === 'not built') return record(name, 'ms', [], 1000, 'not built yet', '—');
      if (c.which === 'timeout') {
        return record(name, 'ms', [], 1000, `not drawn within ${msf(limit)}`, smoke ? '—' : '**no**');
      }
      cold.push(c.afterData);
      totals.push(c.total);
      info = c;
      // A warm load costs as much again; the smoke keeps to one load.
      if (!smoke) {
        const w = await measure(page);
        if (w.which === 'drawn') warm.push(w.afterData);
      }
    } finally {
      await context.close();
    }
    // Keep the bench bounded when a load takes minutes.
    if (i === 0 && fleetRuns > 1 && info.total > 30_000) {
      fleetRuns = info.total > 60_000 ? 1 : Math.min(fleetRuns, 3);
      console.log(`  (a load took ${msf(info.total)}: ${fleetRuns} run${fleetRuns > 1 ? 's' : ''} instead of ${runs})`);
    }
  }
  console.log(`  (${info.markers} markers, ${info.requests} API requests, page load to painted ${msf(info.total)})`);
  record(`${name}, cold`, 'ms', cold, 1000);
  if (warm.length) record(`${name}, warm`, 'ms', warm, 1000);
  record('Fleet map: page load to painted, cold (info)', 'ms', totals, null);
}

async function requestsPerView() {
  const { context, page } = await freshPage({ signedIn: false });
  const requests = apiRequests(page);
  // Groups after signing in (the signed-in home, the overview, reads the
  // whole fleet: its own scenario).
  await page.goto('sign-in?next=%2Fgroups');
  await page.getByLabel('API key').fill(key);
  requests.length = 0;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await waitTable(page, 'Groups', 1);
  await page.waitForTimeout(1000);
  const besidesCheck = requests.length - 1;
  console.log(`  cold: ${requests.join(', ')}`);
  record("API requests, cold Groups view (besides sign-in's check)", 'count', [besidesCheck], 1);

  const nav = page.getByRole('navigation', { name: 'Main' });
  let t0 = await now(page);
  await nav.getByRole('link', { name: 'Devices' }).click();
  await waitTable(page, 'Devices', 1, t0);
  await page.waitForTimeout(300);
  requests.length = 0;
  t0 = await now(page);
  await page.goBack();
  await waitTable(page, 'Groups', 1, t0);
  await page.waitForTimeout(1000);
  console.log(`  back: ${requests.join(', ') || 'none'}`);
  record('API requests, warm revisit of Groups (Back)', 'count', [requests.length], 0);

  t0 = await now(page);
  await nav.getByRole('link', { name: 'Devices' }).click();
  await waitTable(page, 'Devices', 1, t0);
  await page.waitForTimeout(300);
  requests.length = 0;
  t0 = await now(page);
  await nav.getByRole('link', { name: 'Groups' }).click();
  await waitTable(page, 'Groups', 1, t0);
  await page.waitForTimeout(1000);
  console.log(`  nav link: ${requests.join(', ') || 'none'}`);
  record('API requests, warm revisit of Groups (nav link, < 30 s)', 'count', [requests.length], 0);
  await context.close();
}

/** The overview of the whole fleet (every page of devices, users, groups). */
async function overviewOfTheFleet() {
  const limit = smoke ? 180_000 : 600_000;
  const afterData = [];
  const longest = [];
  const heap = [];
  const filterChange = [];
  const firstRows = [];
  let info = null;
  for (let i = 0; i < (smoke ? 1 : Math.min(runs, 3)); i++) {
    const { context, page } = await freshPage();
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    try {
      await page.goto('overview', { waitUntil: 'commit' });
      const notFound = page.getByRole('heading', { name: 'Page not found' });
      const settled = page.locator('.charts[data-settled="true"]');
      const which = await Promise.race([
        notFound.waitFor({ timeout: limit }).then(() => 'not built'),
        settled.waitFor({ timeout: limit }).then(() => 'done'),
      ]).catch(() => 'timeout');
      if (which === 'not built') return record('Overview', 'ms', [], null, 'not built yet', '—');
      if (which === 'timeout') return record('Overview of the fleet', 'ms', [], null, `not read within ${msf(limit)}`, '**no**');
      await page.waitForTimeout(1000);
      const m = await page.evaluate(() => {
        // The last draw is the one that marks the charts settled (after the
        // last page of users: the groups chart needs them).
        const marks = window.__bench.attrs.filter((e) => e.name === 'data-devices');
        const settledMarks = window.__bench.attrs.filter((e) => e.name === 'data-settled' && e.value === 'true');
        const drawn = { ...marks[marks.length - 1], ...(settledMarks.length ? { t: settledMarks[0].t, painted: settledMarks[0].painted } : {}) };
        const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/'));
        // The last page of the lists the overview reads (not a request made
        // after it, such as a group's name for another view).
        const lists = api.filter((e) => /\/(device|user|group)\?/.test(e.name));
        const last = lists.reduce((t, e) => Math.max(t, e.responseEnd), 0);
        const after = api.filter((e) => e.responseEnd > (drawn.painted ?? drawn.t)).map((e) => e.name.replace(/.*\/api\/v1\/[^/]+\//, ''));
        // While reading: from the first devices page's answer (the start-up's
        // own tasks, compiling the wasm modules, come before) to the last chart.
        const firstPage = api.filter((e) => /\/device\?/.test(e.name)).reduce((t, e) => Math.min(t, e.responseEnd), Infinity);
        const reading = window.__longTasks.filter(([start]) => start >= firstPage);
        const longest = reading.reduce((t, [, d]) => Math.max(t, d), 0);
        return { afterData: (drawn.painted ?? drawn.t) - last, requests: api.length, devices: drawn.value, longest, total: drawn.painted ?? drawn.t,
          longTasks: window.__longTasks.length, longWhileReading: reading.length, after };
      });
      info = m;
      afterData.push(m.afterData);
      longest.push(m.longest);
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      heap.push(metrics.find((x) => x.name === 'JSHeapUsedSize').value);
      if (i === 0) {
        // A revisit while the answers are fresh costs no request.
        const requests = apiRequests(page);
        const nav = page.getByRole('navigation', { name: 'Main' });
        await nav.getByRole('link', { name: 'Groups' }).click();
        await waitTable(page, 'Groups', 1);
        // Groups' own requests (each row's count of users) end first.
        await page.waitForFunction(() => {
          const cells = [...document.querySelectorAll('table tbody tr td:last-child')];
          return cells.length > 0 && cells.every((c) => /^\d+$/.test(c.textContent.trim()));
        }, null, { timeout: 30_000 });
        requests.length = 0;
        await nav.getByRole('link', { name: 'Overview' }).click();
        await page.locator('.charts[data-settled="true"]').waitFor({ timeout: limit });
        await page.waitForTimeout(500);
        if (requests.length) console.log(`  revisit asked for: ${requests.slice(0, 12).join(', ')}`);
        record('Overview: API requests, a revisit within the cache\'s 30 s', 'count', [requests.length], 0);
      }
      // A filter over every loaded device, changed in the app.
      await page.goto('devices?platform=iOS', { waitUntil: 'commit' });
      await page.getByText(/ devices match$/).waitFor({ timeout: limit });
      const t0 = await clickLink(page, 'devices?platform=Android');
      // The first table state after the click whose rows are the new
      // filter's, once painted (the recorder's frame-then-task mark; a
      // polling wait sees it up to ~60 ms late while the walk reads on).
      const first = await page.waitForFunction(
        (t0) => {
          const e = window.__bench.tables.find((e) => e.t >= t0 && e.search.includes('Android') && /Android/.test(e.firsts.Devices ?? ''));
          return e && e.painted !== undefined ? e.painted : null;
        },
        t0,
        { timeout: limit },
      );
      firstRows.push((await first.jsonValue()) - t0);
      const shown = await page.waitForFunction(
        () => /of \d+ devices match$/.test(document.querySelector('.list-summary')?.textContent ?? '') && location.search.includes('Android')
          ? performance.now() : null,
        null,
        { timeout: limit, polling: 'raf' },
      );
      filterChange.push((await shown.jsonValue()) - t0);
    } finally {
      await context.close();
    }
  }
  console.log(`  (${info.devices} devices, ${info.requests} API requests, page load to the last chart drawn ${msf(info.total)}; ` +
    `tasks over 50 ms: ${info.longTasks} in all, ${info.longWhileReading} while reading` +
    `${info.after.length ? `; answered after the last chart: ${info.after.slice(0, 4).join(', ')}` : ''})`);
  record('Overview: API requests for the whole fleet', 'count', [info.requests], 260);
  record('Overview: last chart drawn after the last page', 'ms', afterData, 100);
  // The Long Tasks API reports only tasks over 50 ms: 0 means none was.
  record('Overview: longest main-thread task while reading', 'ms', longest, 50,
    ...(longest.every((v) => v === 0) ? [`no task over 50 ms (n=${longest.length})`, 'yes'] : []));
  record('Overview: JS heap after reading the whole fleet', 'bytes', heap, 30 * 1024 * 1024);
  record('Devices: another filter over every device, click to its first rows', 'ms', firstRows, 100);
  record('Devices: another filter over every device, click to all its rows', 'ms', filterChange, null);
}

async function memoryAfter1000Rows() {
  const heap = [];
  const wasm = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await freshPage();
    await page.goto('devices?limit=100', { waitUntil: 'commit' });
    await waitTable(page, 'Devices', 100);
    for (let p = 2; p <= 10; p++) await nextPage(page, 'Devices');
    const range = await page.evaluate(() => document.querySelector('nav[aria-label^="Pagination"] .range')?.textContent);
    if (!range?.startsWith('901–1000')) throw new Error(`expected page 10, got "${range}"`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    heap.push(metrics.find((m) => m.name === 'JSHeapUsedSize').value);
    const bytes = await page.evaluate(() => window.__bench.wasm?.memory?.buffer?.byteLength ?? null);
    if (bytes != null) wasm.push(bytes);
    await context.close();
  }
  record('JS heap after browsing 1,000 devices (10 pages of 100, after GC)', 'bytes', heap, 10 * 1024 * 1024);
  if (wasm.length) record('wasm linear memory at that point (info)', 'bytes', wasm, null);
}

// ---- main ----------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  console.log(`EzMDM portal benchmark (${smoke ? 'smoke, ' : ''}${runs} run${runs > 1 ? 's' : ''} each)`);
  console.log(`  portal ${portal}, static files ${dist}`);
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`  machine: ${os.cpus().length} cores (${cpu}), ${mb(os.totalmem())} RAM, ${os.platform()} ${os.release()}; load average ${load()}`);

  const check = await fetch(`${apiBase}/group?limit=1`).catch((e) => ({ ok: false, status: e.message }));
  if (!check.ok) throw new Error(`the emulator does not answer at ${origin} with that key (${check.status})`);

  console.log('==> Bundle sizes');
  const sizes = bundleSizes();

  browser = await chromium.launch({
    executablePath: chromiumBin,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // For experiments, e.g. BENCH_CHROMIUM_ARGS=--js-flags=--no-wasm-lazy-compilation
      ...(process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean),
    ],
  });
  const chromiumVersion = browser.version();
  console.log(`  Chromium ${chromiumVersion}`);
  try {
    // Unmeasured: one page in a throwaway context, so the first "cold" run
    // (an empty cache in a fresh context) does not also pay for starting the
    // browser's renderer and network processes.
    {
      const { context, page } = await freshPage({ signedIn: false });
      await page.goto('sign-in');
      await page.getByLabel('API key').waitFor({ timeout: 30_000 });
      await context.close();
    }
    await scenario('race', 'The portal against the plain page, by turns', raceThePlainPage);
    await scenario('fcp', 'First contentful paint', firstContentfulPaint);
    await scenario('lists', 'Groups list', () => listOf100('Groups', 'groups', 'users', 'Users'));
    await scenario('lists', 'Devices list', () => listOf100('Devices', 'devices', 'groups', 'Groups'));
    await scenario('latency', 'Groups list, slow API', () => listOverSlowApi('Groups', 'groups'));
    await scenario('latency', 'Devices list, slow API', () => listOverSlowApi('Devices', 'devices'));
    await scenario('next', 'Next page', nextPageOf100);
    await scenario('item', 'Item page', itemPageLoad);
    await scenario('track', 'Device track', deviceTrack);
    await scenario('trips', 'Trips and stops', deviceTrips);
    await scenario('area', 'Who was here', whoWasHere);
    await scenario('fleet', 'Fleet map', fleetMap);
    await scenario('requests', 'Requests per view', requestsPerView);
    await scenario('memory', 'Memory', memoryAfter1000Rows);
    await scenario('overview', 'Overview of the fleet', overviewOfTheFleet);
    if (compareOrigin) await scenario('compare', `This build against ${compareLabel}, by turns`, compareBuilds);
  } finally {
    await browser.close();
  }

  // ---- report ----
  console.log(
    `\nResults: ${smoke ? 'one run' : `median of ${runs} runs`} each; ${os.cpus().length} cores (${cpu}), ` +
      `Chromium ${chromiumVersion} headless; load average ${load()} at the end\n`,
  );
  if (ratios.length) {
    console.log(`Against the plain page (bench/plain/), by turns; medians of ${ratios[0].runs}:\n`);
    printTable(
      ['what', 'timed', 'yardstick', 'ratio', 'budget', 'pass'],
      ratios.map((r) => [
        r.what,
        msf(r.portal),
        `${msf(r.plain)}${r.plainLabel === 'plain page' ? '' : ` (${r.plainLabel})`}`,
        `${r.ratio.toFixed(2)}×`,
        r.budget == null ? '—' : `≤ ${r.budget}×`,
        r.budget == null ? '—' : r.ratio <= r.budget ? 'yes' : '**no**',
      ]),
      ['l', 'r', 'r', 'r', 'r', 'l'],
    );
    console.log('');
  }
  const rows = results.map((r) => {
    if (r.note) return [r.scenario, r.note, '', '', r.budget == null ? '—' : `≤ ${fmt(r.kind, r.budget)}`, r.pass ?? 'error'];
    const m = median(r.values);
    const pass = r.budget == null ? '—' : m <= r.budget ? 'yes' : '**no**';
    return [
      r.scenario,
      fmt(r.kind, m),
      fmt(r.kind, Math.min(...r.values)),
      fmt(r.kind, Math.max(...r.values)),
      r.budget == null ? '—' : `≤ ${fmt(r.kind, r.budget)}`,
      pass,
    ];
  });
  printTable(['scenario', 'median', 'min', 'max', 'budget', 'pass'], rows, ['l', 'r', 'r', 'r', 'r', 'l']);

  printSizes('Initial load (precompressed beside each file; the server picks br, then gzip):', sizes.initial);
  if (sizes.chunks.length) {
    printSizes('Lazy wasm chunks (fetched with the routes that need them):', sizes.chunks);
  }
  if (sizes.leaflet.length) printSizes('Leaflet (loaded only when a map is shown):', sizes.leaflet);
  if (wire) {
    console.log(
      `\nOn the wire (cold load): the wasm came as ${wire.encoding}, ${kb(wire.transfer)} for ${kb(wire.decoded)}.`,
    );
  }

  // ---- the size gate ----
  const wasmRow = sizes.initial.find((r) => r.file.endsWith('.wasm'));
  // The initial download the budget is about: the wasm and JS the first page
  // runs (not index.html and the CSS, which the budget leaves out).
  const initialCode = sizes.initial.filter((r) => /\.(wasm|js)$/.test(r.file));
  let failed = false;
  if (wasmRow && existsSync(ceilingFile)) {
    const limits = JSON.parse(readFileSync(ceilingFile, 'utf8'));
    const { initialBrotliCeiling: ceiling, initialBrotliBudget: budget } = limits;
    const size = initialCode.reduce((n, r) => n + r.brotli, 0);
    console.log(
      `\ninitial wasm + JS brotli size ${kb(size)} (${size} B; ${initialCode.map((r) => r.file).join(' + ')}): ` +
        `ceiling ${kb(ceiling)}, budget ${kb(budget)}` +
        (size <= budget ? ' (within budget)' : ` (${kb(size - budget)} over budget)`),
    );
    if (sizes.chunks.length) {
      const lazy = sizes.chunks.reduce((n, r) => n + r.brotli, 0);
      console.log(`lazy chunks: ${sizes.chunks.length} files, ${kb(lazy)} brotli in all (not in the ceiling)`);
    }
    if (size > ceiling) {
      failed = true;
      console.log(
        `FAIL: the initial download grew past the ceiling in ${path.relative(root, ceilingFile)} by ${kb(size - ceiling)}.`,
      );
    } else {
      // 1 KB of room (a clean clone builds about 0.1 KB apart from a worktree), in 5 KB steps.
      const ratchet = Math.max(budget, Math.ceil((size + 1024) / 5120) * 5120);
      if (ratchet < ceiling) {
        console.log(
          `The ceiling can ratchet down: set initialBrotliCeiling to ${ratchet} in ${path.relative(root, ceilingFile)}.`,
        );
      }
    }
  } else if (!wasmRow) {
    console.log(`\nNo .wasm in ${dist}: build the portal first.`);
    failed = true;
  }

  const misses = results.filter((r) => !r.note && r.budget != null && median(r.values) > r.budget).length;
  const budgeted = results.filter((r) => !r.note && r.budget != null).length;
  console.log(`\n${budgeted - misses} of ${budgeted} budgets met; took ${((Date.now() - started) / 1000).toFixed(0)} s.`);

  if (jsonOut) {
    mkdirSync(path.dirname(path.resolve(jsonOut)), { recursive: true });
    writeFileSync(
      jsonOut,
      JSON.stringify({ date: new Date().toISOString(), smoke, runs, cores: os.cpus().length, cpu, ratios, results, sizes, wire }, null, 2),
    );
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(2);
});
