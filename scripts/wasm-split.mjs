// Splits the portal's wasm into a main module and lazily loaded chunks: Trunk's
// post_build hook (Trunk.toml), so `trunk build` (scripts/build.sh) does it.
//
// Trunk 0.21 cannot split a wasm (trunk-rs/trunk#1022). The routes marked in
// src/app/lazy_routes.rs (`#[wasm_split(..)]`) import their code from the module
// "__wasm_split_placeholder__", which only the split step resolves, so every
// build must come through here. Over Trunk's staging directory it:
//   1. runs wasm-split-cli (crate wasm_split_cli_support) on the wasm cargo
//      linked (with --emit-relocs, see .cargo/config.toml): a main module,
//      one .wasm per split point plus shared chunks, and the loader
//      __wasm_split.js that fetches them;
//   2. runs wasm-bindgen on the split main module (--keep-lld-exports: the
//      chunks import the main module's memory, table and functions), with the
//      out-name Trunk used, and replaces Trunk's <name>.js / <name>_bg.wasm;
//   3. runs wasm-opt -Oz (release) on every .wasm (index.html turns Trunk's own
//      wasm-opt off: it would optimise the unsplit module only to be thrown away);
//   4. names each chunk and the loader after its content (name-<hash>.ext, so
//      servers may cache them forever), rewrites the references, gives the
//      main wasm's imports short names, and minifies the JS (release: terser;
//      wasm-bindgen's glue is 86 KB as written);
//   5. corrects index.html's integrity attributes for the replaced files, and
//      preloads the loader.
//
//   node scripts/wasm-split.mjs   (env: TRUNK_STAGING_DIR, TRUNK_PROFILE, set by Trunk)
import { execFile, execFileSync } from 'node:child_process';
import os from 'node:os';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import { readLeb, sections, writeLeb } from './wasm-sections.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE ?? 'release';
if (!staging) {
  console.error('wasm-split: run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(2);
}
const release = profile === 'release';
const CRATE = 'ezmdm-portal';

function run(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: root });
  } catch (e) {
    console.error(`wasm-split: ${cmd} ${args.join(' ')} failed`);
    process.exit(1);
  }
}

/** A tool from node_modules/.bin first (binaryen's wasm-opt), else ~/.cargo/bin, else PATH. */
function tool(name) {
  for (const dir of [path.join(root, 'node_modules/.bin'), path.join(process.env.HOME ?? '', '.cargo/bin')]) {
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return name;
}

const hash16 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

// ---- find Trunk's output and cargo's wasm ----
const bgWasm = readdirSync(staging).filter((f) => f.startsWith(`${CRATE}-`) && f.endsWith('_bg.wasm'));
if (bgWasm.length !== 1) {
  console.error(`wasm-split: expected one ${CRATE}-<hash>_bg.wasm in ${staging}, found ${bgWasm.length}`);
  process.exit(1);
}
const name = bgWasm[0].slice(0, -'_bg.wasm'.length); // ezmdm-portal-<hash>
const meta = JSON.parse(
  execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], { cwd: root, encoding: 'utf8' }),
);
const targetDir = meta.target_directory;
const rawWasm = path.join(targetDir, 'wasm32-unknown-unknown', profile, `${CRATE}.wasm`);
if (!existsSync(rawWasm)) {
  console.error(`wasm-split: ${rawWasm} is missing`);
  process.exit(1);
}
const work = path.join(targetDir, 'wasm-split', profile);
rmSync(work, { recursive: true, force: true });
const splitDir = path.join(work, 'split');
const bindgenDir = path.join(work, 'bindgen');
mkdirSync(bindgenDir, { recursive: true });

const t0 = Date.now();
// ---- 1. split ----
// Writes split/<name>.wasm (main), split/__wasm_split.js importing initSync
// from "./<name>.js", and the chunks.
run(tool('wasm-split-cli'), [rawWasm, splitDir, '--target', 'web', '--out-name', name]);

// ---- 2. wasm-bindgen on the main module ----
run(tool('wasm-bindgen'), [
  '--target', 'web', '--keep-lld-exports', '--no-typescript',
  '--out-dir', bindgenDir, '--out-name', name, path.join(splitDir, `${name}.wasm`),
]);

// ---- 3. wasm-opt ----
const chunks = readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== `${name}.wasm`);
const wasmOut = [path.join(bindgenDir, `${name}_bg.wasm`), ...chunks.map((c) => path.join(splitDir, c))];
if (release) {
  // One wasm-opt per core. Its "unknown name subsection" warnings (the
  // split tool's name section) are noise.
  const wasmOpt = tool('wasm-opt');
  const queue = [...wasmOut];
  const worker = async () => {
    for (let file; (file = queue.shift()); ) {
      await new Promise((resolve) => {
        execFile(wasmOpt, ['-Oz', ...(process.env.WASM_OPT_NAMES ? ['-g'] : []), file, '-o', file], { cwd: root }, (err, _out, stderr) => {
          const noise = /^warning: unknown name subsection/;
          const text = stderr.split('\n').filter((l) => l && !noise.test(l)).join('\n');
          if (text) console.error(text);
          if (err) {
            console.error(`wasm-split: wasm-opt -Oz ${file} failed`);
            process.exit(1);
          }
          resolve();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, os.cpus().length) }, worker));
}

// ---- 4. content-hashed names ----
let loader = readFileSync(path.join(splitDir, '__wasm_split.js'), 'utf8');
for (const chunk of chunks) {
  const stem = chunk.slice(0, -'.wasm'.length);
  const bytes = readFileSync(path.join(splitDir, chunk));
  const hashed = `${stem}-${hash16(bytes)}.wasm`;
  const ref = `"./${chunk}"`;
  if (!loader.includes(ref)) {
    console.error(`wasm-split: the loader does not reference ${chunk}`);
    process.exit(1);
  }
  loader = loader.replaceAll(ref, `"./${hashed}"`);
  writeFileSync(path.join(staging, hashed), bytes);
}
// The start-up script's module map is read from the loader as written.
const modules = splitModules(loader);
loader = await minifyJs(loader, '__wasm_split.js');
const loaderName = `__wasm_split-${hash16(loader)}.js`;
writeFileSync(path.join(staging, loaderName), loader);

let mainJs = readFileSync(path.join(bindgenDir, `${name}.js`), 'utf8');
// Only the ES imports: the key of the wasm's import object stays the
// module name the main wasm was linked with ("./__wasm_split.js").
const importRe = /(\bfrom\s*)(['"])\.\/__wasm_split\.js\2/g;
if (!importRe.test(mainJs)) {
  console.error('wasm-split: the wasm-bindgen output does not import ./__wasm_split.js');
  process.exit(1);
}
mainJs = mainJs.replace(importRe, `$1'./${loaderName}'`);
let mainWasm = readFileSync(path.join(bindgenDir, `${name}_bg.wasm`));
if (release) [mainWasm, mainJs] = shortImportNames(mainWasm, mainJs, `./${name}_bg.js`);
mainJs = await minifyJs(mainJs, `${name}.js`);
writeFileSync(path.join(staging, `${name}.js`), mainJs);
writeFileSync(path.join(staging, `${name}_bg.wasm`), mainWasm);
const snippets = path.join(bindgenDir, 'snippets');
if (existsSync(snippets)) {
  for (const entry of readdirSync(snippets, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = path.join(entry.parentPath ?? entry.path, entry.name);
    const to = path.join(staging, 'snippets', path.relative(snippets, from));
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
}

// ---- 5. index.html: integrity of the replaced files; preload the loader ----
const indexPath = path.join(staging, 'index.html');
let html = readFileSync(indexPath, 'utf8');
function setIntegrity(file, bytes) {
  const re = new RegExp(`(href="[^"]*${file.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*(")`);
  if (re.test(html)) html = html.replace(re, `$1${sri(bytes)}$2`);
}
setIntegrity(`${name}.js`, Buffer.from(mainJs));
setIntegrity(`${name}_bg.wasm`, mainWasm);
const preload = `<link rel="modulepreload" href="./${loaderName}" crossorigin="anonymous" integrity="${sri(Buffer.from(loader))}">`;
html = html.replace('</head>', `${preload}</head>`);
// The files of each page module (its own .wasm and the shared chunks it
// needs), read from the loader, for the start-up script: a deep link
// fetches its page's module beside the main one instead of after it.
const placeholder = '{/*split-modules*/}';
if (!html.includes(placeholder) || Object.keys(modules).length === 0) {
  console.error(`wasm-split: cannot fill in the page modules (placeholder ${placeholder} in index.html, modules in the loader)`);
  process.exit(1);
}
html = html.replace(placeholder, JSON.stringify(modules));
// The stylesheet and the main module's preload links (Trunk's and the
// loader's) move into the start-up script, which writes them with the base
// it computed; the stylesheet still holds the first paint (blocking=render).
const links = [];
html = html.replace(/<link rel="(stylesheet|modulepreload|preload)"[^>]*>/g, (tag) => {
  const attr = (name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  const rel = attr('rel');
  links.push({
    rel,
    href: attr('href').replace(/^\.\//, ''),
    as: attr('as'),
    type: attr('type'),
    integrity: attr('integrity'),
    blocking: rel === 'stylesheet' ? 'render' : undefined,
  });
  return '';
});
const linksPlaceholder = '[/*boot-links*/]';
if (!html.includes(linksPlaceholder) || links.length < 4) {
  console.error(`wasm-split: cannot move the preload links (placeholder ${linksPlaceholder} in index.html, ${links.length} links)`);
  process.exit(1);
}
html = html.replace(linksPlaceholder, JSON.stringify(links));
// Below the browser floor the start-up script sets window.ezmdmUnsupported
// and shows why; Trunk's module script must then not start the wasm.
const start = 'const wasm = await init(';
if (!html.includes(start)) {
  console.error(`wasm-split: cannot find Trunk's start of the wasm (${start}) in index.html`);
  process.exit(1);
}
html = html.replace(start, 'const wasm = window.ezmdmUnsupported ? undefined : await init(');
writeFileSync(indexPath, html);

/** The main wasm's imports from its glue renamed `_0`, `_1`, … in the wasm's
 *  import section and in the glue's import object alike. wasm-bindgen names
 *  each after its function and a 16-digit hash (`__wbg_now_463ac581d2fc7ea3`),
 *  written in both files: some 340 hashes that do not compress. Nothing else
 *  refers to an import by name (the wasm calls them by index). */
function shortImportNames(wasm, js, glueModule) {
  const fail = (why) => {
    console.error(`wasm-split: cannot shorten the main wasm's import names: ${why}`);
    process.exit(1);
  };
  const leb = (at) => readLeb(wasm, at);
  const uleb = writeLeb;
  const name = (text) => {
    const bytes = Buffer.from(text, 'utf8');
    return Buffer.concat([uleb(bytes.length), bytes]);
  };
  const limits = (at) => {
    const flags = wasm[at];
    let [, next] = leb(at + 1);
    if (flags & 1) [, next] = leb(next);
    return next;
  };
  // Past one import's description: a function's type, a table, a memory, a
  // global (numeric or reference types of one byte), a tag.
  const skipDesc = (at) => {
    const kind = wasm[at];
    if (kind === 0) return leb(at + 1)[1];
    if (kind === 1) return limits(at + 2);
    if (kind === 2) return limits(at + 1);
    if (kind === 3) return at + 3;
    if (kind === 4) return leb(at + 2)[1];
    return fail(`an import of kind ${kind}`);
  };
  const renamed = new Map();
  const parts = [wasm.subarray(0, 8)];
  for (const { id, start, body, end } of sections(wasm)) {
    if (id !== 2) {
      parts.push(wasm.subarray(start, end));
      continue;
    }
    let [count, p] = leb(body);
    const entries = [uleb(count)];
    for (let i = 0; i < count; i++) {
      let len;
      [len, p] = leb(p);
      const module = wasm.toString('utf8', p, (p += len));
      [len, p] = leb(p);
      const field = wasm.toString('utf8', p, (p += len));
      const desc = p;
      p = skipDesc(p);
      let short = field;
      if (module === glueModule) {
        short = `_${renamed.size.toString(36)}`;
        renamed.set(field, short);
      }
      entries.push(name(module), name(short), wasm.subarray(desc, p));
    }
    if (p !== end) fail('the import section did not read to its end');
    const content = Buffer.concat(entries);
    parts.push(Buffer.from([2]), uleb(content.length), content);
  }
  if (renamed.size === 0) fail(`no import from ${glueModule}`);
  for (const [field, short] of renamed) {
    // Exactly once, as a key of the import object.
    const at = new RegExp(`(?<![\\w$])${field.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
    const uses = js.match(at)?.length ?? 0;
    if (uses !== 1 || !new RegExp(`(?<![\\w$])${field.replace(/\$/g, '\\$')}\\s*:`).test(js)) {
      fail(`${field} is named ${uses} times in the glue, not once as a key`);
    }
    js = js.replace(at, short);
  }
  return [Buffer.concat(parts), js];
}

/** An ES module minified (release only): its exports keep their names, and
 *  so do object keys (the wasm's imports are looked up by them). */
async function minifyJs(code, file) {
  if (!release) return code;
  try {
    const out = await minify(code, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    return out.code;
  } catch (e) {
    console.error(`wasm-split: terser could not minify ${file}: ${e.message ?? e}`);
    process.exit(1);
  }
}

/** `{ module: [its .wasm, then its chunks' .wasm] }` from the loader's `makeLoad` calls. */
function splitModules(loader) {
  const fileOf = (body) => body.match(/fetch\(new URL\("\.\/([^"]+\.wasm)"/)?.[1];
  const chunks = {};
  for (const [, name, body] of loader.matchAll(/const (__chunk_\d+) = makeLoad\(([\s\S]*?)\n, \[/g)) {
    chunks[name] = fileOf(body);
  }
  const modules = {};
  const re = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?)\n, \[([^\]]*)\]\)\)/g;
  for (const [, module, body, deps] of loader.matchAll(re)) {
    const names = deps.split(',').map((d) => d.trim()).filter(Boolean);
    const files = [fileOf(body), ...names.map((d) => chunks[d])];
    if (files.some((f) => !f)) {
      console.error(`wasm-split: cannot read the files of module ${module} in the loader`);
      process.exit(1);
    }
    modules[module] = files;
  }
  return modules;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `wasm-split: main ${kb(mainWasm.length)}, ${chunks.length} chunks ` +
    `${kb(chunks.reduce((n, c) => n + readFileSync(path.join(splitDir, c)).length, 0))}, ` +
    `in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
