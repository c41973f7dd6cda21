// What the engine walks stand on: a fresh emulator (demo seed, in-memory
// database) serving the built portal, behind a recording proxy on its own
// port. The proxy is how a walk checks what the API received, whatever the
// driver can see of the network: it keeps every write's method, path and
// body, and adds a report-uri to the Content-Security-Policy so that every
// violation in any engine is posted back to it.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

export const API_KEY = 'test-key-0123456789abcdefWXYZ';
const root = path.resolve(import.meta.dirname, '../..');
const REPORT_PATH = '/__csp-report';

export async function startEmulator() {
  const bin = process.env.EMULATOR_BIN ?? path.join(root, 'target/debug/ezmdm-emulator');
  const child = spawn(
    bin,
    ['--addr', '127.0.0.1:0', '--db', ':memory:', '--seed', 'demo', '--api-key', API_KEY,
      '--static', process.env.PORTAL_DIST ?? path.join(root, 'dist')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const m = output.match(/listening on (http:\/\/[^\s/]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`emulator exited (${code}):\n${output}`)));
  });
  const proxy = await startProxy(new URL(origin));
  return {
    origin: proxy.origin,
    writes: proxy.writes,
    violations: proxy.violations,
    /** From now on the API rejects the key (401 "Invalid API Key"), as when it is revoked. */
    revokeKey: () => { proxy.state.rejectKey = true; },
    /** GET an API path (after the key) straight from the emulator: the envelope. */
    api: async (item) => (await fetch(`${origin}/api/v1/${API_KEY}/${item}`)).json(),
    /** Every item of a list, page by page. */
    all: async (item) => {
      const out = [];
      for (let page = 1; ; page++) {
        const sep = item.includes('?') ? '&' : '?';
        const body = await (await fetch(`${origin}/api/v1/${API_KEY}/${item}${sep}limit=100&page=${page}`)).json();
        out.push(...(body.data ?? []));
        if (out.length >= body.total || !body.data?.length) return out;
      }
    },
    stop: async () => {
      await new Promise((resolve) => proxy.server.close(resolve));
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

function startProxy(upstream) {
  const state = { rejectKey: false };
  const writes = [];
  const violations = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url === REPORT_PATH) {
        try {
          const report = JSON.parse(body.toString('utf8'));
          violations.push(report['csp-report'] ?? report);
        } catch {
          violations.push({ unreadable: body.toString('utf8') });
        }
        res.writeHead(204).end();
        return;
      }
      if (state.rejectKey && req.url.includes('/api/')) {
        // The account's key revoked: every answer is what EzMDM says then.
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"success":false,"error":"Invalid API Key"}');
        return;
      }
      if (req.url.includes('/api/') && req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
        writes.push({ method: req.method, path: req.url.replace(API_KEY, 'KEY'), body: body.toString('utf8') });
      }
      const headers = { ...req.headers, host: upstream.host };
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (answer) => {
          const h = { ...answer.headers };
          const csp = h['content-security-policy'];
          if (csp) h['content-security-policy'] = `${csp}; report-uri ${REPORT_PATH}`;
          res.writeHead(answer.statusCode, h);
          answer.pipe(res);
        },
      );
      out.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
      out.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, state, writes, violations, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}
