// Writes the built-in world map the portal draws when map tiles are off or
// cannot be loaded: Natural Earth 1:110m land and country borders (npm
// `world-atlas`, public domain), converted from TopoJSON to one small GeoJSON
// file, fetched only when a map needs it (src/components/map/base.rs).
//
//   node scripts/basemap.mjs [DIR]      (default dist/; writes DIR/basemap/world-110m.json)
//
// Generated at build time rather than committed: the source is a pinned npm
// package, and the file is data, not code to review.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { feature, mesh } from 'topojson-client';

// Hundredths of a degree (about 1 km): finer than the 1:110m data itself.
const DIGITS = 2;

const root = path.resolve(process.argv[2] ?? 'dist');
const source = new URL('../node_modules/world-atlas/countries-110m.json', import.meta.url);
const topology = JSON.parse(await readFile(source, 'utf8'));

const round = (n) => Number(n.toFixed(DIGITS));
// Rounded, without repeated points; a ring keeps at least its 4 points.
function line(points, ring) {
  const out = [];
  for (const [x, y] of points) {
    const p = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (ring && (out.length < 4)) return null;
  if (!ring && out.length < 2) return null;
  return out;
}
const polygons = (geometry) =>
  (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates)
    .map((rings) => rings.map((r) => line(r, true)).filter(Boolean))
    .filter((rings) => rings.length > 0)
    .flatMap(cutAtAntimeridian);

// The topology is spherical: a ring across the antimeridian (Russia's east,
// Fiji) jumps from 180° to -180° and back, which a flat map draws as a line
// across the world. Such a ring is made continuous, then cut at the
// meridian into its two sides. A ring around a pole (Antarctica) jumps once
// and is drawn as it is.
const jumps = (ring) => ring.slice(1).filter((p, i) => Math.abs(p[0] - ring[i][0]) > 180).length;
function unwrap(ring) {
  let offset = 0;
  return ring.map(([x, y], i) => {
    if (i > 0) {
      const d = x + offset - (ring[i - 1][0] + offset);
      if (d > 180) offset -= 360;
      else if (d < -180) offset += 360;
    }
    return [x + offset, y];
  });
}
// The part of a closed ring on one side of the meridian x = edge
// (Sutherland–Hodgman against one line: enough for any simple ring).
function clip(ring, edge, keepEast) {
  const inside = ([x]) => (keepEast ? x >= edge : x <= edge);
  const out = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [a, b] = [ring[i], ring[i + 1]];
    if (inside(a)) out.push(a);
    if (inside(a) !== inside(b)) {
      const t = (edge - a[0]) / (b[0] - a[0]);
      out.push([edge, round(a[1] + t * (b[1] - a[1]))]);
    }
  }
  if (out.length) out.push(out[0]);
  return line(out, true);
}
function cutAtAntimeridian(rings) {
  const [outer, ...holes] = rings;
  const n = jumps(outer);
  if (n === 0 || n % 2 === 1) return [rings];
  const u = unwrap(outer);
  const east = Math.max(...u.map((p) => p[0])) > 180;
  const edge = east ? 180 : -180;
  const shift = (ring) => ring.map(([x, y]) => [round(x + (east ? -360 : 360)), y]);
  const near = clip(u, edge, !east);
  const far = clip(u, edge, east);
  // A hole lies on the side it is drawn on; neither cross the meridian.
  const onFar = (hole) => hole.every(([x]) => (east ? x <= Math.max(...u.map((p) => p[0])) - 360 : x >= Math.min(...u.map((p) => p[0])) + 360));
  return [
    near && [near, ...holes.filter((h) => !onFar(h))],
    far && [shift(far), ...holes.filter(onFar)],
  ].filter(Boolean);
}

const land = feature(topology, topology.objects.land);
const landPolygons = (land.type === 'FeatureCollection' ? land.features : [land])
  .flatMap((f) => polygons(f.geometry));
// Borders between two countries only: coasts are the land's own outline.
const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
// A border across the antimeridian is split there, for the same reason.
const splitAtJumps = (l) => {
  const parts = [[l[0]]];
  for (let i = 1; i < l.length; i++) {
    if (Math.abs(l[i][0] - l[i - 1][0]) > 180) parts.push([]);
    parts[parts.length - 1].push(l[i]);
  }
  return parts;
};
const borderLines = borders.coordinates.flatMap(splitAtJumps).map((l) => line(l, false)).filter(Boolean);

const out = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { kind: 'land' }, geometry: { type: 'MultiPolygon', coordinates: landPolygons } },
    { type: 'Feature', properties: { kind: 'borders' }, geometry: { type: 'MultiLineString', coordinates: borderLines } },
  ],
};
const target = path.join(root, 'basemap', 'world-110m.json');
await mkdir(path.dirname(target), { recursive: true });
const text = JSON.stringify(out);
await writeFile(target, text);
const points = (a) => a.flat(Infinity).length / 2;
console.log(
  `basemap: ${path.relative(process.cwd(), target)}, ${(text.length / 1024).toFixed(1)} KB ` +
  `(${landPolygons.length} land polygons, ${borderLines.length} border lines, ${points(landPolygons) + points(borderLines)} points)`,
);
