// Writes X.br (brotli, quality 11) and X.gz (gzip, level 9) next to every
// .wasm/.js/.css/.html/.svg/.json file under a build directory (default
// dist/, including dist/leaflet/), so a server that honours Accept-Encoding
// (the emulator does; nginx's gzip_static/brotli_static too) sends them as is.
//
//   node scripts/precompress.mjs [DIR]
//
// Node's built-in zlib only: no brotli CLI needed. Idempotent: a file whose
// .br and .gz are already newer than it is skipped; a .br/.gz whose source is
// gone is removed; a compressed copy that is not smaller than the file is not
// kept (the server then sends the file itself).
import { promisify } from 'node:util';
import { readdir, readFile, writeFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const EXTENSIONS = new Set(['.wasm', '.js', '.css', '.html', '.svg', '.json']);
const TEXT = new Set(['.js', '.css', '.html', '.svg', '.json']);

const root = path.resolve(process.argv[2] ?? 'dist');

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

async function mtime(file) {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

/** Writes via a temporary name, so a server never sends half a file. */
async function writeAtomic(file, bytes) {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

async function compress(file) {
  const ext = path.extname(file).toLowerCase();
  const source = await mtime(file);
  const [br, gz] = await Promise.all([mtime(`${file}.br`), mtime(`${file}.gz`)]);
  if (br !== null && gz !== null && br >= source && gz >= source) return { file, skipped: true };

  const raw = await readFile(file);
  const [brBytes, gzBytes] = await Promise.all([
    brotli(raw, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_MODE]: TEXT.has(ext)
          ? zlib.constants.BROTLI_MODE_TEXT
          : zlib.constants.BROTLI_MODE_GENERIC,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gzip(raw, { level: 9 }),
  ]);
  const sizes = { file, raw: raw.length };
  for (const [suffix, bytes, key] of [['br', brBytes, 'br'], ['gz', gzBytes, 'gz']]) {
    const target = `${file}.${suffix}`;
    if (bytes.length < raw.length) {
      await writeAtomic(target, bytes);
      sizes[key] = bytes.length;
    } else {
      await unlink(target).catch(() => {});
      sizes[key] = null;
    }
  }
  return sizes;
}

async function main() {
  const files = [];
  const stale = [];
  for await (const file of walk(root)) {
    const ext = path.extname(file).toLowerCase();
    if (ext === '.br' || ext === '.gz') {
      const source = file.slice(0, -ext.length);
      if ((await mtime(source)) === null) stale.push(file);
    } else if (EXTENSIONS.has(ext)) {
      files.push(file);
    }
  }
  await Promise.all(stale.map((f) => unlink(f)));
  const results = await Promise.all(files.map(compress));

  const kb = (n) => (n === null || n === undefined ? 'kept raw' : `${(n / 1024).toFixed(1)} KB`);
  let written = 0;
  for (const r of results.sort((a, b) => a.file.localeCompare(b.file))) {
    if (r.skipped) continue;
    written++;
    console.log(
      `  ${path.relative(root, r.file).padEnd(44)} ${kb(r.raw).padStart(10)}  gzip ${kb(r.gz).padStart(10)}  br ${kb(r.br).padStart(10)}`,
    );
  }
  const skipped = results.length - written;
  console.log(
    `precompress: ${written} compressed, ${skipped} up to date` +
      (stale.length ? `, ${stale.length} stale removed` : '') +
      ` (${path.relative(process.cwd(), root) || '.'})`,
  );
}

main().catch((e) => {
  console.error(`precompress: ${e.stack ?? e}`);
  process.exit(1);
});
