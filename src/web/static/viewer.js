// The icd10cm viewer. Note text, terms and descriptions are only ever inserted
// as text (text nodes, textContent): nothing a note says can become markup.
const FLAGS = ['negated', 'uncertain', 'hypothetical', 'historical', 'family'];

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; string children become text nodes. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

function setStatus(id, message) {
  $(id).textContent = message;
}

async function postJson(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json();
  if (!res.ok) throw new Error(data?.error?.message ?? `HTTP ${res.status}`);
  return data;
}

// ---- detection -----------------------------------------------------------
let current = { text: '', spans: [] };

async function runDetect() {
  const text = $('note-input').value;
  setStatus('detect-status', 'Detecting…');
  try {
    const { spans } = await postJson('/detect', { text });
    current = { text, spans };
    renderNote(text, spans);
    renderCodes(spans);
    setStatus('detect-status', `${spans.length} mention${spans.length === 1 ? '' : 's'} found.`);
  } catch (err) {
    setStatus('detect-status', `Detection failed: ${err.message}`);
  }
}

function flagsOf(span) {
  return FLAGS.filter((f) => span.assertions?.[f] === true);
}

function renderNote(text, spans) {
  const out = $('note');
  const nodes = [];
  let at = 0;
  spans.forEach((span, i) => {
    // Spans come sorted by start; one that overlaps the previous is listed in the side panel only.
    if (span.start < at) return;
    if (span.start > at) nodes.push(document.createTextNode(text.slice(at, span.start)));
    const flags = flagsOf(span);
    const top = span.concepts[0];
    const label = `${span.text}: ${top ? `${top.code} ${top.description}` : 'no code'}${flags.length > 0 ? `; ${flags.join(', ')}` : ''}`;
    const b = el('button', { type: 'button', class: ['mention', ...flags].join(' '), 'data-index': i, 'data-start': span.start, 'data-end': span.end, 'aria-label': label }, text.slice(span.start, span.end));
    b.addEventListener('click', () => showDetail(i));
    nodes.push(b);
    at = span.end;
  });
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  out.replaceChildren(...nodes);
  $('detail').hidden = true;
}

function showDetail(i) {
  const span = current.spans[i];
  if (span === undefined) return;
  for (const b of document.querySelectorAll('#note .mention.selected')) b.classList.remove('selected');
  document.querySelector(`#note .mention[data-index="${i}"]`)?.classList.add('selected');
  $('detail-title').textContent = `“${span.text}” (characters ${span.start}–${span.end}, confidence ${span.score.toFixed(3)})`;
  const flags = flagsOf(span);
  const facts = [
    ['Context', flags.length > 0 ? flags.join(', ') : 'affirmed'],
    ['Rules fired', span.rules && span.rules.length > 0 ? span.rules.join(', ') : 'none'],
    ['Section', span.section ?? 'none'],
  ];
  $('detail-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-fact': k.toLowerCase() }, v)]));
  const rows = span.concepts.map((c) =>
    el('tr', { 'data-code': c.code },
      el('td', { class: 'code' }, c.code),
      el('td', {}, c.description, c.billable ? '' : el('span', { class: 'billable-no' }, ' (header)')),
      el('td', {}, c.score.toFixed(3)),
      el('td', { class: 'matched' }, `${c.term} (${c.source})`)),
  );
  $('candidates').tBodies[0].replaceChildren(...rows);
  $('detail').hidden = false;
}

function renderCodes(spans) {
  const byCode = new Map();
  spans.forEach((span, i) => {
    const top = span.concepts[0];
    if (top === undefined) return;
    const entry = byCode.get(top.code) ?? { concept: top, count: 0, first: i, flags: new Set() };
    entry.count++;
    for (const f of flagsOf(span)) entry.flags.add(f);
    byCode.set(top.code, entry);
  });
  const items = [...byCode.values()].map((e) => {
    const b = el('button', { type: 'button' }, el('span', { class: 'code' }, e.concept.code), ` ${e.concept.description}`);
    b.addEventListener('click', () => {
      showDetail(e.first);
      document.querySelector(`#note .mention[data-index="${e.first}"]`)?.focus();
    });
    const flags = e.flags.size > 0 ? ` (${[...e.flags].join(', ')})` : '';
    return el('li', { 'data-code': e.concept.code }, b, el('span', { class: 'flags' }, ` ×${e.count}${flags}`));
  });
  $('code-list').replaceChildren(...items);
}

// ---- search --------------------------------------------------------------
let searchTimer;
let searchAbort;

async function runSearch() {
  const terms = $('search').value.trim();
  searchAbort?.abort();
  if (terms === '') {
    $('search-results').replaceChildren();
    setStatus('search-status', '');
    return;
  }
  searchAbort = new AbortController();
  try {
    const res = await fetch(`/search?${new URLSearchParams({ terms, maxList: '10' })}`, { signal: searchAbort.signal });
    const data = await res.json();
    if (!res.ok) throw new Error(data?.error?.message ?? `HTTP ${res.status}`);
    $('search-results').replaceChildren(
      ...data.results.map((r) =>
        el('li', { 'data-code': r.code },
          el('span', { class: 'code' }, r.code), ` ${r.description}`,
          r.billable ? '' : el('span', { class: 'billable-no' }, ' (header)'),
          el('span', { class: 'matched' }, ` — ${r.matched.source}: ${r.matched.term} (score ${r.score.toFixed(3)})`)),
      ),
    );
    setStatus('search-status', `${data.results.length} result${data.results.length === 1 ? '' : 's'}`);
  } catch (err) {
    if (err.name !== 'AbortError') setStatus('search-status', `Search failed: ${err.message}`);
  }
}

$('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(searchTimer);
  runSearch();
});
$('search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(runSearch, 150);
});
$('detect').addEventListener('click', runDetect);
$('note-input').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    runDetect();
  }
});
document.body.dataset.ready = 'true';
