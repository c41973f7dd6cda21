// Prints "N passed, N failed" (", N skipped") from Playwright's JSON report.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const s = report.stats ?? {};
const failed = (s.unexpected ?? 0) + (s.flaky ?? 0);
let line = `${s.expected ?? 0} passed, ${failed} failed`;
if (s.skipped) line += `, ${s.skipped} skipped`;
console.log(line);
