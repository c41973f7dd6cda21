// The browser floor, checked against the build (README: Browsers).
//
// index.html's start-up script probes each WebAssembly feature the portal
// needs by validating a module of a few bytes, and shows a page saying why
// instead of starting the app when one is missing. This script keeps that
// list true:
//   1. each probe is valid with its feature and invalid without it;
//   2. every feature the built wasm files need has a probe.
// A feature is "needed" when binaryen's validator rejects the file without it.
//
//   node scripts/wasm-floor.mjs [dist]      prints the features, exits 1 on a gap
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { customName, sections } from './wasm-sections.mjs';

const dist = process.argv[2] ?? 'dist';
const wasmOpt = path.resolve('node_modules/.bin/wasm-opt');

// Post-MVP features binaryen knows that a Rust build could use. Two of them
// ship in browsers as part of another: memory.copy/fill with bulk memory,
// long call_indirect table indices with reference types.
const candidates = [
  'sign-ext', 'mutable-globals', 'nontrapping-float-to-int', 'bulk-memory', 'bulk-memory-opt',
  'call-indirect-overlong', 'reference-types', 'multivalue', 'simd', 'relaxed-simd', 'threads',
  'exception-handling', 'tail-call', 'gc', 'memory64', 'extended-const', 'multimemory',
];
const instructionFeatures = [
  [/extend(8|16|32)_s$/, 'sign-ext'],
  [/trunc_sat/, 'nontrapping-float-to-int'],
  [/^memory\.(copy|fill)$/, 'bulk-memory-opt'],
  [/^(memory\.init|data\.drop|table\.(init|copy)|elem\.drop)$/, 'bulk-memory'],
  [/^(ref\.|table\.(get|set|grow|size|fill))/, 'reference-types'],
  [/^(v128|[if](8x16|16x8|32x4|64x2))/, 'simd'],
  [/atomic/, 'threads'],
  [/^return_call/, 'tail-call'],
  [/^(try|catch|throw|rethrow|delegate)/, 'exception-handling'],
];
const shippedWith = { 'bulk-memory-opt': 'bulk-memory', 'call-indirect-overlong': 'reference-types' };

function validates(file, features) {
  try {
    execFileSync(wasmOpt, [file, '--mvp-features', ...features.map((f) => `--enable-${f}`), '-o', '/dev/null'], {
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}

// The probes, read from the start-up script (one definition).
const html = readFileSync('index.html', 'utf8');
const block = html.match(/var probes = (\{[\s\S]*?\});/);
if (!block) {
  console.error('wasm-floor: no `var probes = {…};` in index.html');
  process.exit(1);
}
const probes = JSON.parse(block[1]);
const scratch = mkdtempSync(path.join(tmpdir(), 'wasm-floor-'));
let failed = false;
for (const [feature, bytes] of Object.entries(probes)) {
  const file = path.join(scratch, `${feature}.wasm`);
  writeFileSync(file, Uint8Array.from(bytes));
  const implied = Object.keys(shippedWith).filter((f) => shippedWith[f] === feature);
  if (!validates(file, [feature, ...implied])) {
    console.error(`wasm-floor: the ${feature} probe is not a valid module with ${feature} on`);
    failed = true;
  } else if (validates(file, candidates.filter((f) => f !== feature && !implied.includes(f)))) {
    console.error(`wasm-floor: the ${feature} probe validates without ${feature}: it probes nothing`);
    failed = true;
  }
}

// What the build needs. The compiler writes the features it allowed into a
// `target_features` section, which binaryen obeys when it reads a file; so
// the section is cut out first, and then binaryen, validating with only the
// MVP, names the feature each rejected instruction needs ("[--enable-X]").
// Those are added and the file validated again, until it passes.
function withoutTargetFeatures(bytes) {
  const keep = [bytes.subarray(0, 8)];
  for (const section of sections(bytes)) {
    if (customName(bytes, section) !== 'target_features') keep.push(bytes.subarray(section.start, section.end));
  }
  return Buffer.concat(keep);
}

function neededBy(file, start) {
  const features = new Set(start);
  for (let round = 0; round < candidates.length; round++) {
    const args = [file, '--mvp-features', ...[...features].map((f) => `--enable-${f}`), '-o', '/dev/null'];
    const run = spawnSync(wasmOpt, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
    if (run.status === 0) return features;
    const named = [...run.stderr.matchAll(/\[--enable-([a-z0-9-]+)\]/g)].map((m) => m[1]);
    // Some rejections only say "all used features should be allowed", on
    // the instruction: its name tells the feature.
    for (const [, instruction] of run.stderr.matchAll(/should be allowed, on \n\(([a-z0-9_.]+)/g)) {
      const feature = instructionFeatures.find(([re]) => re.test(instruction))?.[1];
      if (feature) named.push(feature);
    }
    const hinted = [...new Set(named)].filter((f) => !features.has(f));
    if (hinted.length === 0) {
      console.error(`wasm-floor: ${path.basename(file)} does not validate, and binaryen names no feature:\n${run.stderr.slice(0, 800)}`);
      failed = true;
      return features;
    }
    hinted.forEach((f) => features.add(f));
  }
  return features;
}

const files = readdirSync(dist).filter((f) => f.endsWith('.wasm'));
if (files.length === 0) {
  console.error(`wasm-floor: no .wasm files in ${dist}`);
  process.exit(1);
}
const needed = new Set();
for (const name of files) {
  const stripped = path.join(scratch, name);
  writeFileSync(stripped, withoutTargetFeatures(readFileSync(path.join(dist, name))));
  for (const f of neededBy(stripped, needed)) needed.add(f);
}
const floor = [...new Set([...needed].map((f) => shippedWith[f] ?? f))].sort();
const unprobed = floor.filter((f) => !(f in probes));
console.log(`wasm-floor: the build needs ${floor.join(', ') || 'no post-MVP feature'} (${files.length} wasm files)`);
if (unprobed.length) {
  console.error(`wasm-floor: index.html does not probe ${unprobed.join(', ')}: add a probe and check the README's floor`);
  failed = true;
}
const unneeded = Object.keys(probes).filter((f) => !floor.includes(f));
if (unneeded.length) console.log(`wasm-floor: probed but not needed by this build: ${unneeded.join(', ')}`);
process.exit(failed ? 1 : 0);
