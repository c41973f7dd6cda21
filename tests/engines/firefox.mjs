// Firefox (Debian's firefox-esr), headless, driven over WebDriver BiDi by
// puppeteer-core: no browser download.
import puppeteer from 'puppeteer-core';
import { locate } from './locate.mjs';

export async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr',
    headless: true,
    protocolTimeout: 60_000,
    extraPrefsFirefox: {
      // A closed network: no update, telemetry or captive-portal checks.
      'network.captive-portal-service.enabled': false,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
    },
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e?.message ?? e)));
  let confirming = true;

  const asElement = async (handle) => {
    const el = handle.asElement();
    if (!el) await handle.dispose();
    return el;
  };

  return {
    engine: 'firefox',
    goto: (url) => page.goto(url, { waitUntil: 'load' }),
    reload: () => page.reload({ waitUntil: 'load' }),
    back: () => page.evaluate(() => history.back()),
    eval: (fn, ...args) => page.evaluate(fn, ...args),
    evalOn: (el, fn, ...args) => el.evaluate(fn, ...args),
    find: async (role, name, opts = {}, within = null) =>
      asElement(await page.evaluateHandle(locate, role, name, opts, within)),
    query: (role, name, opts = {}, within = null) => page.evaluate(locate, role, name, opts, within),
    click: (el) => el.click(),
    fill: async (el, text) => {
      await el.focus();
      await el.evaluate((e) => e.select());
      if (text === '') await page.keyboard.press('Backspace');
      else await page.keyboard.type(text);
    },
    select: (el, value) => el.select(value).then(() => undefined),
    press: (key) => page.keyboard.press(key),
    screenshot: (file) => page.screenshot({ path: file }),
    errors: async () => errors.splice(0),
    /**
     * The engine's own accessibility tree agrees (puppeteer's ARIA query,
     * which over BiDi asks Firefox's accessibility locator): true, false, or
     * null where that cannot be asked.
     */
    confirm: async (el, role, name) => {
      if (!confirming || typeof name !== 'string') return null;
      try {
        const hits = await page.$$(`::-p-aria([name=${JSON.stringify(name)}][role="${role}"])`);
        let ok = false;
        for (const hit of hits) {
          if (!ok) ok = await page.evaluate((a, b) => a === b, hit, el);
          await hit.dispose();
        }
        return ok;
      } catch {
        confirming = false;
        return null;
      }
    },
    close: () => browser.close(),
  };
}
