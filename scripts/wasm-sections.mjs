// Reading a wasm binary's layout, for the build steps that rewrite one
// (scripts/wasm-split.mjs, scripts/wasm-floor.mjs): LEB128 numbers and the
// sections after the 8-byte header.

/** The unsigned LEB128 number at `at`: `[value, the offset past it]`. */
export function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** `n` as unsigned LEB128. */
export function writeLeb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

/** Each section: its id, where it starts (its id byte), where its content starts and ends. */
export function* sections(bytes) {
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, body] = readLeb(bytes, at + 1);
    yield { id, start: at, body, end: body + size };
    at = body + size;
  }
}

/** A custom section's name (section id 0), or null for any other section. */
export function customName(bytes, section) {
  if (section.id !== 0) return null;
  const [len, at] = readLeb(bytes, section.body);
  return Buffer.from(bytes.subarray(at, at + len)).toString('utf8');
}
