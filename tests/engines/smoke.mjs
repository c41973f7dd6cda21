// The smoke walk (steps.mjs) in Firefox and WebKit, against a fresh emulator
// each, one engine after the other. Prints a line per step, a screenshot of
// each failure (target/engines/), and "firefox: N passed, N failed" lines;
// exits 1 when a step failed or an engine could not start.
//   node tests/engines/smoke.mjs [firefox|webkit ...]
//   ENGINE_STEPS=regex   only the steps whose name matches
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator } from './harness.mjs';
import { launchFirefox } from './firefox.mjs';
import { launchWebKit } from './webkit.mjs';
import { steps } from './steps.mjs';
import { Walker } from './walker.mjs';

const engines = { firefox: launchFirefox, webkit: launchWebKit };
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(engines);
const only = process.env.ENGINE_STEPS ? new RegExp(process.env.ENGINE_STEPS) : null;
const out = path.resolve(import.meta.dirname, '../../target/engines');
mkdirSync(out, { recursive: true });

const results = {};
for (const engine of chosen) {
  const tally = { passed: 0, failed: 0, failures: [], seconds: 0 };
  results[engine] = tally;
  const t0 = Date.now();
  let emu;
  let browser;
  try {
    emu = await startEmulator();
    browser = await engines[engine]();
  } catch (e) {
    tally.failed++;
    tally.failures.push(`could not start: ${e.message}`);
    console.log(`  ✘ ${engine}: could not start: ${e.message}`);
    await browser?.close().catch(() => {});
    await emu?.stop().catch(() => {});
    continue;
  }
  const w = new Walker(browser, emu.origin);
  for (const [name, step] of steps) {
    if (only && !only.test(name)) continue;
    const s0 = Date.now();
    try {
      await step(w, emu);
      await w.noCrash();
      const errors = await browser.errors();
      if (errors.length) throw new Error(`uncaught errors: ${errors.join(' | ')}`);
      tally.passed++;
      console.log(`  ✓ ${engine} › ${name} (${((Date.now() - s0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      tally.failed++;
      const file = path.join(out, `${engine}-${tally.passed + tally.failed}.png`);
      await browser.screenshot(file).catch(() => {});
      let where = '';
      try { where = await browser.eval(() => location.href); } catch { /* no page */ }
      tally.failures.push(`${name}: ${e.message}`);
      console.log(`  ✘ ${engine} › ${name}: ${e.message}\n      at ${where}; screenshot ${path.relative(process.cwd(), file)}`);
    }
  }
  // The whole walk, once more: nothing the policy refused, anywhere.
  const violations = emu.violations.splice(0);
  if (violations.length) {
    tally.failed++;
    const text = violations.map((v) => `${v['violated-directive'] ?? v['effective-directive']} ${v['blocked-uri']}`).join('; ');
    tally.failures.push(`Content-Security-Policy violations: ${text}`);
    console.log(`  ✘ ${engine} › no CSP violations: ${text}`);
  } else {
    tally.passed++;
    console.log(`  ✓ ${engine} › no Content-Security-Policy violation in the whole walk`);
  }
  if (w.unconfirmed.length) {
    console.log(`    (${engine}'s accessibility tree named ${w.unconfirmed.length} element(s) otherwise: ${[...new Set(w.unconfirmed)].slice(0, 5).join(', ')})`);
  }
  if (w.confirmed) console.log(`    (${w.confirmed} role-and-name matches confirmed by ${engine}'s own accessibility tree)`);
  await browser.close().catch(() => {});
  await emu.stop().catch(() => {});
  tally.seconds = (Date.now() - t0) / 1000;
}

writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2));
let failed = 0;
for (const [engine, t] of Object.entries(results)) {
  failed += t.failed;
  console.log(`${engine}: ${t.passed} passed, ${t.failed} failed (${t.seconds.toFixed(0)} s)`);
}
process.exit(failed ? 1 : 0);
