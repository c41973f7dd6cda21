// WebKit (Safari's engine): Debian's WebKitWebDriver driving the WebKitGTK
// MiniBrowser under a virtual X display (xvfb-run), over classic WebDriver
// with selenium-webdriver.
import { spawn } from 'node:child_process';
import { Builder, Key } from 'selenium-webdriver';
import { locate } from './locate.mjs';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function launchWebKit() {
  const port = await freePort();
  // Its own process group, so that stopping it stops Xvfb and the browser too.
  const driverProcess = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', 'WebKitWebDriver', `--port=${port}`], {
    stdio: 'ignore',
    detached: true,
  });
  const stopDriver = () => {
    try { process.kill(-driverProcess.pid, 'SIGTERM'); } catch { /* gone */ }
  };
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/status`);
        if (res.ok) break;
      } catch { /* not up yet */ }
      if (Date.now() > deadline) throw new Error('WebKitWebDriver did not start in 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    const driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: process.env.MINIBROWSER_BIN ?? MINIBROWSER, args: ['--automation'] },
      })
      .build();
    try { await driver.manage().window().setRect({ width: 1280, height: 900 }); } catch { /* the window keeps its size */ }
    return adapter(driver, stopDriver);
  } catch (e) {
    stopDriver();
    throw e;
  }
}

// Uncaught errors: WebKitWebDriver has no log endpoint, so each document
// gets a listener as soon as the walk can reach it; the crash screen and the
// proxy's CSP reports cover what happens before.
function watchErrors() {
  if (!window.__engineErrors) {
    window.__engineErrors = [];
    addEventListener('error', (e) => window.__engineErrors.push(String(e.message)));
    addEventListener('unhandledrejection', (e) => window.__engineErrors.push(String(e.reason?.message ?? e.reason)));
  }
}

function adapter(driver, stopDriver) {
  const errors = [];
  let confirming = true;
  const drain = async () => {
    try {
      errors.push(...(await driver.executeScript('const e = window.__engineErrors || []; window.__engineErrors = []; return e;')));
    } catch { /* between documents */ }
  };
  const loaded = async () => {
    await driver.executeScript(watchErrors);
  };
  return {
    engine: 'webkit',
    goto: async (url) => { await drain(); await driver.get(url); await loaded(); },
    reload: async () => { await drain(); await driver.navigate().refresh(); await loaded(); },
    back: async () => { await driver.navigate().back(); },
    eval: async (fn, ...args) => { await driver.executeScript(watchErrors); return driver.executeScript(fn, ...args); },
    evalOn: (el, fn, ...args) => driver.executeScript(fn, el, ...args),
    find: async (role, name, opts = {}, within = null) => (await driver.executeScript(locate, role, name, opts, within)) ?? null,
    query: (role, name, opts = {}, within = null) => driver.executeScript(locate, role, name, opts, within),
    click: (el) => el.click(),
    fill: async (el, text) => {
      await el.click();
      await driver.executeScript((e) => e.select(), el);
      await el.sendKeys(Key.BACK_SPACE);
      if (text !== '') await el.sendKeys(text);
    },
    select: async (el, value) => {
      const option = await driver.executeScript((e, v) => [...e.options].find((o) => o.value === v) ?? null, el, value);
      if (!option) throw new Error(`no option ${value}`);
      await option.click();
    },
    press: (key) => driver.actions().sendKeys(Key[key.toUpperCase()] ?? key).perform(),
    screenshot: async (file) => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, await driver.takeScreenshot(), 'base64');
    },
    errors: async () => { await drain(); return errors.splice(0); },
    /** WebDriver's Get Computed Role and Label: true, false, or null where unsupported. */
    confirm: async (el, role, name) => {
      if (!confirming || typeof name !== 'string') return null;
      try {
        const [r, n] = [await el.getAriaRole(), await el.getAccessibleName()];
        const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
        return r === role && squash(n) === squash(name);
      } catch (e) {
        // Not offered by this driver: stop asking. Anything else (the
        // element redrawn meanwhile) leaves this one unconfirmed.
        if (/unsupported|unknown command|not implemented/i.test(String(e?.name) + String(e?.message))) confirming = false;
        return null;
      }
    },
    close: async () => {
      try { await driver.quit(); } finally { stopDriver(); }
    },
  };
}
