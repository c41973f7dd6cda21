// The walk's vocabulary over an engine adapter (firefox.mjs, webkit.mjs):
// wait for an element by role and name, click, fill, read; every wait polls
// until a deadline, and every action first waits for the page to settle
// (no DOM change for a moment), so that a click never lands on a row or
// button the app is about to redraw.
const TIMEOUT = Number(process.env.ENGINE_TIMEOUT_MS ?? 15_000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Whether an error says the element went away (redrawn) between find and use. */
const isStale = (e) => /stale|detached|not attached|no longer|not connected|not interactable|obscured|intercept|Node with identifier/i.test(String(e?.name) + String(e?.message));

export class Walker {
  constructor(browser, origin) {
    this.b = browser;
    this.origin = origin;
    this.confirmed = 0;
    this.unconfirmed = [];
  }

  url(path = '') {
    return `${this.origin}/${path.replace(/^\//, '')}`;
  }

  async goto(path) {
    await this.b.goto(this.url(path));
  }

  /** Polls `probe` until it returns something truthy; fails naming `what`. */
  async until(probe, what, timeout = TIMEOUT) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        const value = await probe();
        if (value) return value;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (${last.message})` : ''}`);
      }
      await sleep(100);
    }
  }

  /** Waits until the document has not changed for `quiet` ms. */
  async settle(quiet = 200) {
    await this.b.eval((ms) => new Promise((resolve) => {
      let timer = setTimeout(done, ms);
      const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, ms); });
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      const cap = setTimeout(done, 5_000);
      function done() { observer.disconnect(); clearTimeout(cap); clearTimeout(timer); resolve(true); }
    }), quiet);
  }

  /**
   * Where to look: the document, or inside [role, name], found again on each
   * try (an element held across a redraw is gone in WebKit).
   */
  async scope(within) {
    if (!within) return null;
    const el = await this.b.find(within[0], within[1], {}, null);
    if (!el) throw new Error(`no ${within[0]} ${JSON.stringify(within[1])} to look in`);
    return el;
  }

  /** The element with this role and name (exact string or {regex}), once it is there. */
  async see(role, name, opts = {}) {
    const { within = null, timeout = TIMEOUT, ...query } = opts;
    const el = await this.until(async () => this.b.find(role, name, query, await this.scope(within)),
      `${role} ${JSON.stringify(name)}${within ? ` in ${within.join(' ')}` : ''}`, timeout);
    // 'field' is the walk's own word (any labelled control): nothing to confirm.
    const agreed = role === 'field' ? null : await this.b.confirm(el, role, name);
    if (agreed === true) this.confirmed++;
    else if (agreed === false) this.unconfirmed.push(`${role} “${name}”`);
    return el;
  }

  async gone(role, name, opts = {}) {
    const { within = null, timeout = TIMEOUT, ...query } = opts;
    await this.until(async () => !(await this.b.find(role, name, query, await this.scope(within))), `no ${role} ${JSON.stringify(name)}`, timeout);
  }

  async count(role, name, opts = {}) {
    const { within = null, ...query } = opts;
    return this.b.query(role, name, { ...query, count: true }, await this.scope(within));
  }

  /** The text of every element with this role (and name), in document order. */
  async texts(role, name, opts = {}) {
    const { within = null, ...query } = opts;
    return this.b.query(role, name, { ...query, texts: true }, await this.scope(within));
  }

  /** Finds and acts, again if the element was redrawn in between. */
  async act(role, name, opts, action) {
    await this.settle();
    await this.until(async () => {
      const el = await this.see(role, name, opts);
      try {
        await action(el);
        return true;
      } catch (e) {
        if (isStale(e)) return false;
        throw e;
      }
    }, `${role} ${JSON.stringify(name)} to take the action`);
  }

  click(role, name, opts = {}) {
    return this.act(role, name, opts, (el) => this.b.click(el));
  }

  fill(label, text, opts = {}) {
    return this.act('field', label, opts, (el) => this.b.fill(el, text));
  }

  select(label, value, opts = {}) {
    return this.act('field', label, opts, (el) => this.b.select(el, value));
  }

  async value(label) {
    return this.b.evalOn(await this.see('field', label), (el) => el.value);
  }

  async attr(el, name) {
    return this.b.evalOn(el, (e, n) => e.getAttribute(n), name);
  }

  async text(el) {
    return this.b.evalOn(el, (e) => e.textContent.replace(/\s+/g, ' ').trim());
  }

  /** Waits until some visible text of the page matches. */
  async seeText(pattern, timeout = TIMEOUT) {
    const source = pattern instanceof RegExp ? pattern.source : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await this.until(
      () => this.b.eval((s) => new RegExp(s).test(document.body.innerText.replace(/\s+/g, ' ')), source),
      `the text ${pattern}`,
      timeout,
    );
  }

  async waitUrl(pattern) {
    return this.until(async () => {
      const href = await this.b.eval(() => location.href);
      return pattern.test(href) && href;
    }, `the URL to match ${pattern}`);
  }

  /** The crash screen must never be up. */
  async noCrash() {
    const crashed = await this.b.eval(() => !!document.querySelector('.crash-screen'));
    if (crashed) throw new Error('the crash screen is shown');
  }
}

