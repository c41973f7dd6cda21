// Prints "N passed, N failed" (", N flaky", ", N skipped") from Playwright's
// JSON report, then one line per test that failed or needed its retry, so the
// last lines of a run name what to look at.
//   node scripts/summary.mjs REPORT.json
//   node scripts/summary.mjs --total "N passed, N failed" REPORT.json ENGINES.json
//     one "total:" line over the Rust tests, Chromium and the other engines
import { existsSync, readFileSync } from 'node:fs';

if (process.argv[2] === '--total') {
  const [rust, playwright, engines] = process.argv.slice(3);
  const count = (text, word) => Number(text.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  let passed = count(rust, 'passed');
  let failed = count(rust, 'failed');
  let missing = [];
  if (existsSync(playwright)) {
    const st = JSON.parse(readFileSync(playwright, 'utf8')).stats ?? {};
    passed += (st.expected ?? 0) + (st.flaky ?? 0);
    failed += st.unexpected ?? 0;
  } else missing.push('chromium');
  if (existsSync(engines)) {
    for (const t of Object.values(JSON.parse(readFileSync(engines, 'utf8')))) {
      passed += t.passed;
      failed += t.failed;
    }
  } else missing.push('firefox, webkit');
  const note = missing.length ? ` (no report from ${missing.join(', ')})` : '';
  console.log(`total: ${passed} passed, ${failed} failed${note}`);
  process.exit(0);
}

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const s = report.stats ?? {};
let line = `${s.expected ?? 0} passed, ${s.unexpected ?? 0} failed`;
if (s.flaky) line += `, ${s.flaky} flaky (passed on retry)`;
if (s.skipped) line += `, ${s.skipped} skipped`;
console.log(line);

function* specs(suite, file) {
  for (const spec of suite.specs ?? []) yield [file ?? suite.file, spec];
  for (const child of suite.suites ?? []) yield* specs(child, file ?? suite.file);
}

for (const top of report.suites ?? []) {
  for (const [file, spec] of specs(top)) {
    for (const t of spec.tests ?? []) {
      if (t.status !== 'unexpected' && t.status !== 'flaky') continue;
      const failedRun = (t.results ?? []).find((r) => r.status !== 'passed' && r.status !== 'skipped');
      const message = (failedRun?.error?.message ?? failedRun?.status ?? '')
        .replace(/\u001b\[[0-9;]*m/g, '')
        .split('\n')
        .find((l) => l.trim()) ?? '';
      const mark = t.status === 'flaky' ? 'flaky' : 'FAILED';
      console.log(`  ${mark}: ${file} › ${spec.title}: ${message.trim().slice(0, 200)}`);
    }
  }
}
