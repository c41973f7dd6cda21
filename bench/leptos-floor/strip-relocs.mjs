// Drops the linker's custom sections (linking, reloc.*, __wasm_split_unstable) from a
// wasm: the portal's .cargo/config.toml keeps relocations for its split step,
// which the floor does not run.
import { readFileSync, writeFileSync } from 'node:fs';
const f = process.argv[2]; const b = readFileSync(f); let p = 8; const out = [b.subarray(0, 8)];
const u = () => { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
while (p < b.length) { const start = p; const id = b[p++]; const len = u(); const body = p; let keep = true;
  if (id === 0) { const l = u(); const nm = b.subarray(p, p + l).toString(); keep = !(nm === 'linking' || nm.startsWith('reloc.') || nm === '__wasm_split_unstable'); }
  p = body + len; if (keep) out.push(b.subarray(start, p)); }
writeFileSync(f, Buffer.concat(out));
