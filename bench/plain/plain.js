// The benchmark's plain page: `?list=group|device&limit=100&page=1` with the
// key in sessionStorage (as the portal keeps it) fetches that page of the
// list and writes its rows as one piece of markup, with a pager whose "Next
// page" fetches and writes the next. Same markers as the portal (a table
// with a caption, nav[aria-label=Pagination] .range, button[aria-label="Next
// page"]) so the benchmark's recorder times both alike.
'use strict';
(function () {
  const q = new URLSearchParams(location.search);
  const list = q.get('list');
  const key = sessionStorage.getItem('ezmdm.apiKey');
  if (!list || !key) return;
  const limit = Number(q.get('limit') || 100);
  let page = Number(q.get('page') || 1);
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const age = (t) => {
    const ms = typeof t === 'number' ? (t < 1e11 ? t * 1000 : t) : Date.parse(t);
    if (!Number.isFinite(ms)) return 'never';
    const s = Math.round((Date.now() - ms) / 1000);
    if (s < 45) return 'just now';
    if (s < 3600) return `${Math.round(s / 60)} min ago`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
    return `${Math.floor(s / 86400)} d ago`;
  };
  const columns = {
    group: { caption: 'Groups', head: ['Name', 'Description'], row: (g) => [`<a href="groups/${esc(g.id)}">${esc(g.name)}</a>`, esc(g.description)] },
    device: {
      caption: 'Devices',
      head: ['Name', 'Platform / model', 'OS version', 'Owner', 'Last check-in'],
      row: (d) => [
        `<a href="devices/${esc(d.id)}">${esc(d.name || d.id)}</a>`,
        esc([d.platform, d.model].filter(Boolean).join(' · ')),
        esc(d.osVersion),
        d.userId ? `<a href="users/${esc(d.userId)}">View owner</a>` : '',
        esc(d.lastCheckIn == null ? 'never' : age(d.lastCheckIn)),
      ],
    },
  }[list];
  const main = document.getElementById('main');
  main.innerHTML =
    `<table><caption>${columns.caption}</caption><thead><tr>${columns.head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody></tbody></table>` +
    '<nav aria-label="Pagination"><span class="range"></span> <button type="button" aria-label="Next page">›</button></nav>';
  const body = main.querySelector('tbody');
  const range = main.querySelector('.range');
  async function show(n) {
    const res = await fetch(`api/v1/${encodeURIComponent(key)}/${list}?limit=${limit}&page=${n}`);
    const json = await res.json();
    const items = json.data || [];
    body.innerHTML = items
      .map((item) => `<tr>${columns.row(item).map((c, i) => (i ? `<td>${c}</td>` : `<th scope="row">${c}</th>`)).join('')}</tr>`)
      .join('');
    const from = (n - 1) * limit + 1;
    range.textContent = `${from}–${from + items.length - 1} of ${json.total}`;
    page = n;
  }
  main.querySelector('button').addEventListener('click', () => show(page + 1));
  show(page);
})();
