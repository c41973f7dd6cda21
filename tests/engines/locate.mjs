// Finding elements by role and accessible name in any engine, the way
// Playwright's getByRole does for the Chromium suite. Neither WebDriver nor
// puppeteer-core over BiDi offers that query in every engine, so the walk
// runs this function in the page (it is sent as its source: it must not
// close over anything) and then, where the driver can, confirms the answer
// with the browser's own accessibility tree (see firefox.mjs, webkit.mjs).
//
// What it knows is the subset of ARIA the portal uses: explicit roles, the
// implicit roles of the elements in its markup, and names from
// aria-labelledby, aria-label, <label>, <caption>, alt, title or content.

/**
 * @param {string} role
 * @param {string | {regex: string} | null} name  exact (whitespace-collapsed), a regex source, or any
 * @param {{ all?: boolean, count?: boolean, texts?: boolean, hidden?: boolean }} [opts]
 *   all: every match; count: how many; texts: the text of each (these two are plain values)
 * @param {Element | null} [within]  the element to search inside (else the document)
 */
export function locate(role, name, opts, within) {
  opts = opts || {};
  const squash = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const inputRole = (el) => {
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    if (type === 'checkbox') return 'checkbox';
    if (type === 'radio') return 'radio';
    if (type === 'button' || type === 'submit' || type === 'reset') return 'button';
    if (type === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
    if (type === 'number') return 'spinbutton';
    if (type === 'range') return 'slider';
    if (type === 'hidden' || type === 'file' || type === 'password' || type === 'date' || type === 'datetime-local') return null;
    return el.hasAttribute('list') ? 'combobox' : 'textbox';
  };
  const roleOf = (el) => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit.trim().split(/\s+/)[0];
    const tag = el.localName;
    switch (tag) {
      case 'a': case 'area': return el.hasAttribute('href') ? 'link' : null;
      case 'button': return 'button';
      case 'input': return inputRole(el);
      case 'select': return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
      case 'textarea': return 'textbox';
      case 'option': return 'option';
      case 'table': return 'table';
      case 'tr': return 'row';
      case 'td': return 'cell';
      case 'th': {
        const scope = el.getAttribute('scope');
        if (scope === 'row') return 'rowheader';
        if (scope === 'col' || el.closest('thead')) return 'columnheader';
        return 'cell';
      }
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': return 'heading';
      case 'nav': return 'navigation';
      case 'main': return 'main';
      case 'ul': case 'ol': return 'list';
      case 'li': return 'listitem';
      case 'dialog': return 'dialog';
      case 'progress': return 'progressbar';
      case 'img': return el.getAttribute('alt') === '' ? null : 'img';
      case 'form': return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'form' : null;
      case 'section': return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : null;
      case 'output': return 'status';
      default: return null;
    }
  };
  // Text as the accessibility tree has it: without aria-hidden parts (a
  // label's " *" marker, icons).
  const textOf = (el) => {
    if (!el.querySelector('[aria-hidden="true"]')) return squash(el.textContent);
    const copy = el.cloneNode(true);
    copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
    return squash(copy.textContent);
  };
  const nameOf = (el) => {
    const ids = el.getAttribute('aria-labelledby');
    if (ids) {
      return squash(ids.split(/\s+/).map((id) => {
        const target = document.getElementById(id);
        return target ? textOf(target) : '';
      }).join(' '));
    }
    const label = el.getAttribute('aria-label');
    if (label && label.trim()) return squash(label);
    const tag = el.localName;
    if (tag === 'input' || tag === 'select' || tag === 'textarea') {
      if (el.labels && el.labels.length) {
        return squash([...el.labels].map((l) => {
          const copy = l.cloneNode(true);
          copy.querySelectorAll('input, select, textarea, [aria-hidden="true"]').forEach((c) => c.remove());
          return copy.textContent;
        }).join(' '));
      }
      if (tag === 'input' && /^(button|submit|reset)$/i.test(el.type)) return squash(el.value);
      return squash(el.getAttribute('title') || el.getAttribute('placeholder'));
    }
    if (tag === 'img') return squash(el.getAttribute('alt') || el.getAttribute('title'));
    if (tag === 'table') {
      const caption = el.querySelector(':scope > caption');
      if (caption) return textOf(caption);
    }
    const fromContent = ['button', 'link', 'heading', 'cell', 'columnheader', 'rowheader', 'row', 'option',
      'listitem', 'tab', 'menuitem', 'checkbox', 'radio', 'status', 'alert'];
    if (fromContent.includes(roleOf(el))) {
      const text = textOf(el);
      if (text) return text;
    }
    return squash(el.getAttribute('title'));
  };
  const shown = (el) => {
    if (opts.hidden) return true;
    if (el.closest('[hidden], [aria-hidden="true"]')) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    // A visually hidden caption or label is still in the accessibility tree.
    return el.getClientRects().length > 0 || el.localName === 'caption';
  };
  const matches = (value) => {
    if (name === null || name === undefined) return true;
    if (typeof name === 'string') return value === squash(name);
    return new RegExp(name.regex, name.flags || '').test(value);
  };
  const scope = within || document;
  const found = [];
  for (const el of scope.querySelectorAll('*')) {
    // 'field': any form control, found by its label (Playwright's getByLabel).
    const isField = role === 'field' && ['input', 'select', 'textarea'].includes(el.localName);
    if ((!isField && roleOf(el) !== role) || !shown(el)) continue;
    if (!matches(nameOf(el))) continue;
    found.push(el);
    if (!opts.all && !opts.count && !opts.texts) break;
  }
  if (opts.count) return found.length;
  if (opts.texts) return found.map(textOf);
  return opts.all ? found : (found[0] || null);
}

