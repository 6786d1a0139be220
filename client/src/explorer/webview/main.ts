// The trace explorer's page: a virtualised stanza table (only the visible rows exist in the DOM),
// the filter box, and the sequence diagram. Rows come from the language server as columns: the
// first screen with the model, the rest in chunks, and after an edit a splice applied in place
// (selection, scroll, sort and filter kept). The filter and the diagram are the core's own code,
// bundled here, so they mean exactly what the CLI's do.
import { VERDICT_ICON } from '../../../../server/src/core/explorer/escape';
import { applyFilter, parseFilter, type Filter } from '../../../../server/src/core/explorer/filter';
import { decodeRows } from '../../../../server/src/core/explorer/rowColumns';
import { applySplice, movedIndex } from '../../../../server/src/core/explorer/rowDelta';
import { buildSequence } from '../../../../server/src/core/explorer/sequence';
import { renderSequenceSvg } from '../../../../server/src/core/explorer/svg';
import type { ExplorerRow } from '../../../../server/src/protocol/explorer';
import { FIRST_MODEL_ID, type FromWebview, type ModelHead, type ToWebview, type WebviewState } from '../messages';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void; getState(): WebviewState | undefined; setState(s: WebviewState): void };

const vscode = acquireVsCodeApi();
/** Epoch ms now, as the host's Date.now() counts (the UI suite lines up both sides' steps). */
const epoch = () => String(Math.round(performance.timeOrigin + performance.now()));
document.body.dataset.tOrigin = String(Math.round(performance.timeOrigin));
{
  // When the webview's own document (the workbench's placeholder page it writes this page into) was ready.
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav) document.body.dataset.tNavDcl = String(Math.round(performance.timeOrigin + nav.domContentLoadedEventStart));
}
document.body.dataset.tScript = epoch();
const ROW_H = 22;
/** The window of rows in the DOM moves in blocks of this many rows (one block of overscan each side). */
const BLOCK = 16;
const DIAGRAM_MAX = 2000;
const ICON = VERDICT_ICON;

interface Column { key: string; title: string; value: (r: ExplorerRow) => string; sortValue?: (r: ExplorerRow) => number | string }
const COLUMNS: Column[] = [
  { key: 'index', title: '#', value: (r) => String(r.index + 1), sortValue: (r) => r.index },
  { key: 'time', title: 'Time', value: (r) => r.time ?? '', sortValue: (r) => r.epochMs ?? -Infinity },
  { key: 'delta', title: 'Δ', value: (r) => (r.deltaMs === undefined ? '' : `+${(r.deltaMs / 1000).toFixed(3)}`), sortValue: (r) => r.deltaMs ?? -Infinity },
  { key: 'dir', title: 'Dir', value: (r) => (r.direction === 'in' ? '← in' : r.direction === 'out' ? '→ out' : '?') },
  { key: 'stream', title: 'Stream', value: (r) => r.stream ?? '' },
  { key: 'kind', title: 'Kind', value: (r) => `${r.kind}${r.type ? ` ${r.type}` : ''}` },
  { key: 'fromTo', title: 'From → To', value: (r) => `${r.fromEntity} → ${r.toEntity}` },
  { key: 'id', title: 'Id', value: (r) => r.id ?? '' },
  { key: 'summary', title: 'Payload', value: (r) => r.summary },
  { key: 'verdict', title: 'E2E', value: (r) => (r.verdict ? (r.lens?.startsWith(ICON[r.verdict]) ? r.lens : `${ICON[r.verdict]} ${r.lens ?? r.verdict}`) : '') },
];

const saved = vscode.getState();
const state: WebviewState = saved ?? { filter: '', sort: { key: 'index', desc: false }, tab: 'table', selected: -1, scrollTop: 0 };
let head: ModelHead | undefined;
let rows: ExplorerRow[] = [];
let fileName = '';
/** Test and diagnosis markers on <body>: full loads and applied deltas. */
let loads = 0;
let deltas = 0;
let shown: ExplorerRow[] = [];
let filter: Filter | undefined;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const filterBox = $<HTMLInputElement>('filter');
const filterError = $('filter-error');
const counts = $('counts');
const viewport = $('viewport');
const spacer = $('spacer');
const header = $('header');
const diagram = $('diagram');
const tabTable = $<HTMLButtonElement>('tab-table');
const tabDiagram = $<HTMLButtonElement>('tab-diagram');

function save(): void {
  vscode.setState(state);
}

// ------------------------------------------------------------------ filter and sort

function complete(): boolean {
  return head !== undefined && rows.length === head.total;
}

function recompute(): void {
  const p = parseFilter(state.filter);
  if (p.ok) {
    filter = p.filter;
    filterError.textContent = '';
    filterBox.removeAttribute('aria-invalid');
  } else {
    filterError.textContent = `${p.error} (column ${p.start + 1})`;
    filterBox.setAttribute('aria-invalid', 'true');
  }
  shown = applyFilter(rows, filter);
  const col = COLUMNS.find((c) => c.key === state.sort.key) ?? COLUMNS[0];
  if (col.key !== 'index' || state.sort.desc) {
    const val = col.sortValue ?? ((r: ExplorerRow) => col.value(r).toLowerCase());
    const keyed = shown.map((r) => ({ r, k: val(r) }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.r.index - b.r.index) * (state.sort.desc ? -1 : 1));
    shown = keyed.map((x) => x.r);
  }
  const total = head?.total ?? 0;
  counts.textContent = `${shown.length} of ${total} stanzas${complete() ? '' : ` (loading ${rows.length}…)`}`;
  counts.dataset.shown = String(shown.length);
  counts.dataset.total = String(total);
  counts.dataset.complete = String(complete());
  renderHeader();
  spacer.style.height = `${shown.length * ROW_H}px`;
  dirty = true;
  renderRows();
  if (state.tab === 'diagram') renderDiagram();
}

// ------------------------------------------------------------------ table

function renderHeader(): void {
  header.replaceChildren(
    ...COLUMNS.map((c, i) => {
      const cell = document.createElement('div');
      cell.className = `cell c-${c.key}`;
      cell.setAttribute('role', 'columnheader');
      cell.setAttribute('aria-colindex', String(i + 1));
      const sorted = state.sort.key === c.key;
      cell.setAttribute('aria-sort', sorted ? (state.sort.desc ? 'descending' : 'ascending') : 'none');
      const b = document.createElement('button');
      b.textContent = `${c.title}${sorted ? (state.sort.desc ? ' ▾' : ' ▴') : ''}`;
      b.title = `Sort by ${c.title}`;
      b.addEventListener('click', () => {
        state.sort = { key: c.key, desc: sorted ? !state.sort.desc : false };
        save();
        recompute();
      });
      cell.append(b);
      return cell;
    }),
  );
}

/** A row's cells, built once per row object (a splice or a new model brings new objects). */
function rowElement(r: ExplorerRow): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('role', 'row');
  el.dataset.index = String(r.index);
  el.id = `row-${r.index}`;
  for (const [i, c] of COLUMNS.entries()) {
    const cell = document.createElement('div');
    cell.className = `cell c-${c.key}`;
    cell.setAttribute('role', 'gridcell');
    cell.setAttribute('aria-colindex', String(i + 1));
    const text = c.value(r);
    cell.textContent = text;
    if (c.key === 'verdict' || c.key === 'summary' || c.key === 'fromTo') cell.title = c.key === 'verdict' && r.codes.length ? `${text}\n${r.codes.join(', ')}` : text;
    el.append(cell);
  }
  return el;
}

/** Where a row element stands and whether it is selected (cheap: attributes only). */
function place(el: HTMLElement, r: ExplorerRow, pos: number): void {
  const selected = r.index === state.selected;
  el.className = `row${r.verdict ? ` v-${r.verdict}` : ''}${r.severity ? ` s-${r.severity}` : ''}${selected ? ' selected' : ''}`;
  el.setAttribute('aria-rowindex', String(pos + 2));
  el.setAttribute('aria-selected', String(selected));
  el.style.transform = `translateY(${pos * ROW_H}px)`;
}

// The rendered window: its row elements by row, and the rows it spans. The window moves in blocks
// of rows, so a scroll within a block draws nothing, and a scroll beyond it builds and inserts only
// the rows that came into view (the others stay in the DOM as they are).
let rendered = new Map<ExplorerRow, HTMLElement>();
let win = { first: 0, last: 0 };
let dirty = true;
let built = 0;

function elementFor(r: ExplorerRow, pos: number): HTMLElement {
  let el = rendered.get(r);
  if (!el) {
    el = rowElement(r);
    built++;
  }
  place(el, r, pos);
  return el;
}

function renderRows(): void {
  const topRow = Math.floor(viewport.scrollTop / ROW_H);
  const bottomRow = Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_H);
  const first = Math.max(0, (Math.floor(topRow / BLOCK) - 1) * BLOCK);
  const last = Math.min(shown.length, (Math.floor(bottomRow / BLOCK) + 2) * BLOCK);
  if (!dirty && first === win.first && last === win.last) return;
  const next = new Map<ExplorerRow, HTMLElement>();
  const overlap = !dirty && first < win.last && last > win.first;
  if (overlap) {
    // Rows stay where they are; those scrolled out go, those scrolled in are added at their end.
    for (let i = win.first; i < win.last; i++) {
      const r = shown[i];
      const el = rendered.get(r);
      if (!el) continue;
      if (i < first || i >= last) el.remove();
      else next.set(r, el);
    }
    const before: HTMLElement[] = [];
    for (let i = first; i < Math.min(win.first, last); i++) before.push(elementFor(shown[i], i));
    const after: HTMLElement[] = [];
    for (let i = Math.max(win.last, first); i < last; i++) after.push(elementFor(shown[i], i));
    before.forEach((el, k) => next.set(shown[first + k], el));
    after.forEach((el, k) => next.set(shown[Math.max(win.last, first) + k], el));
    spacer.prepend(...before);
    spacer.append(...after);
  } else {
    const items: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const el = elementFor(shown[i], i);
      next.set(shown[i], el);
      items.push(el);
    }
    spacer.replaceChildren(...items);
  }
  rendered = next;
  win = { first, last };
  dirty = false;
  document.body.dataset.rowsBuilt = String(built);
  const grid = $('grid');
  grid.setAttribute('aria-rowcount', String(shown.length + 1));
  if (state.selected >= 0) grid.setAttribute('aria-activedescendant', `row-${state.selected}`);
}

function select(index: number, opts: { reveal: boolean; scroll: boolean }): void {
  state.selected = index;
  save();
  if (opts.scroll) {
    const pos = shown.findIndex((r) => r.index === index);
    if (pos >= 0) {
      const y = pos * ROW_H;
      if (y < viewport.scrollTop || y + ROW_H > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = Math.max(0, y - viewport.clientHeight / 2);
    }
  }
  dirty = true;
  renderRows();
  if (opts.reveal) vscode.postMessage({ type: 'reveal', index });
}

let scheduled = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
viewport.addEventListener('scroll', () => {
  state.scrollTop = viewport.scrollTop;
  // The state goes to the host as a message: once the scrolling rests, not on every frame.
  clearTimeout(saveTimer);
  saveTimer = setTimeout(save, 250);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    renderRows();
  });
});

spacer.addEventListener('click', (e) => {
  const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
  if (row) select(Number(row.dataset.index), { reveal: true, scroll: false });
});

$('grid').addEventListener('keydown', (e) => {
  if (shown.length === 0) return;
  const pos = Math.max(0, shown.findIndex((r) => r.index === state.selected));
  const page = Math.max(1, Math.floor(viewport.clientHeight / ROW_H) - 1);
  const to: Record<string, number> = { ArrowDown: pos + 1, ArrowUp: pos - 1, PageDown: pos + page, PageUp: pos - page, Home: 0, End: shown.length - 1 };
  if (e.key === 'Enter' || e.key === ' ') {
    if (state.selected >= 0) vscode.postMessage({ type: 'reveal', index: state.selected });
    e.preventDefault();
    return;
  }
  if (!(e.key in to)) return;
  e.preventDefault();
  const next = shown[Math.max(0, Math.min(shown.length - 1, to[e.key]))];
  select(next.index, { reveal: false, scroll: true });
});

// ------------------------------------------------------------------ diagram

function diagramModel() {
  return buildSequence(shown.length > DIAGRAM_MAX ? shown.slice(0, DIAGRAM_MAX) : shown, rows);
}

function renderDiagram(): void {
  const seq = diagramModel();
  const note = shown.length > DIAGRAM_MAX ? `<p class="note">The first ${DIAGRAM_MAX} of ${shown.length} stanzas; narrow the filter to see the others.</p>` : '';
  // The SVG is built by the core from row fields it escapes; no markup comes from the trace itself.
  diagram.innerHTML = note + renderSequenceSvg(seq, { title: fileName, colors: 'theme' });
}

diagram.addEventListener('click', (e) => {
  const g = (e.target as Element).closest('.arrow');
  if (g) select(Number(g.getAttribute('data-index')), { reveal: true, scroll: true });
});
diagram.addEventListener('keydown', (e) => {
  const g = (e.target as Element).closest('.arrow');
  if (g && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    select(Number(g.getAttribute('data-index')), { reveal: true, scroll: true });
  }
});

/** Shows a tab; `render`: draw it now (the first model draws it itself, once). */
function showTab(tab: 'table' | 'diagram', render = true): void {
  state.tab = tab;
  save();
  tabTable.setAttribute('aria-selected', String(tab === 'table'));
  tabDiagram.setAttribute('aria-selected', String(tab === 'diagram'));
  tabTable.tabIndex = tab === 'table' ? 0 : -1;
  tabDiagram.tabIndex = tab === 'diagram' ? 0 : -1;
  $('panel-table').hidden = tab !== 'table';
  $('panel-diagram').hidden = tab !== 'diagram';
  if (!render) return;
  if (tab === 'diagram') renderDiagram();
  else {
    dirty = true;
    renderRows();
  }
}

tabTable.addEventListener('click', () => showTab('table'));
tabDiagram.addEventListener('click', () => showTab('diagram'));
$('tabs').addEventListener('keydown', (e) => {
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    const next = state.tab === 'table' ? 'diagram' : 'table';
    showTab(next);
    (next === 'table' ? tabTable : tabDiagram).focus();
  }
});

$('export-svg').addEventListener('click', () => vscode.postMessage({ type: 'exportSvg', svg: renderSequenceSvg(diagramModel(), { title: fileName, colors: 'fixed', standalone: true }) }));
$('export-report').addEventListener('click', () => vscode.postMessage({ type: 'exportReport', filter: state.filter }));

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterBox.value = state.filter;
filterBox.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    state.filter = filterBox.value;
    save();
    viewport.scrollTop = 0;
    recompute();
  }, 120);
});

// ------------------------------------------------------------------ host messages

function setHead(h: ModelHead): void {
  head = h;
  state.uri = h.uri;
  $('title').textContent = `${fileName} — ${h.dialect ?? 'trace'}${h.vantage ? ` (${h.vantage} log)` : ''}`;
  $('stale').textContent = '';
}

/** Markers for the UI suite on <body>: loads, applied deltas, and when (ms since the page started) the first rows and the last chunk showed. */
function mark(): void {
  const b = document.body.dataset;
  b.loads = String(loads);
  b.deltas = String(deltas);
  b.gen = String(head?.gen ?? '');
  if (rows.length && b.tRows === undefined) {
    b.tRows = epoch();
    // The frame that paints them (its callback runs just before the paint).
    requestAnimationFrame(() => (b.tFrame = epoch()));
  }
  if (complete() && b.tComplete === undefined) b.tComplete = epoch();
}

/** Chunks arrive faster than frames: one recompute per frame. */
let recomputeQueued = false;
function recomputeSoon(): void {
  if (recomputeQueued) return;
  recomputeQueued = true;
  requestAnimationFrame(() => {
    recomputeQueued = false;
    recompute();
    mark();
    // The restored scroll position may lie beyond the first chunk.
    if (pendingScroll !== undefined && viewport.scrollHeight >= pendingScroll + viewport.clientHeight) {
      viewport.scrollTop = pendingScroll;
      pendingScroll = undefined;
    }
  });
}
let pendingScroll: number | undefined;

function onModel(m: Extract<ToWebview, { type: 'model' }>): void {
  const first = !head;
  if (first) {
    document.body.dataset.tModel = epoch();
    for (const [k, v] of Object.entries(m.times)) document.body.dataset[`t${k[0].toUpperCase()}${k.slice(1)}`] = String(v);
  }
  fileName = m.fileName;
  setHead(m.head);
  rows = decodeRows(m.rows);
  loads++;
  // The first paint draws the saved tab once: no second pass over the rows or the diagram.
  if (first) showTab(state.tab, false);
  recompute();
  mark();
  if (first) {
    pendingScroll = state.scrollTop;
    // A saved position: its scroll event draws the rows there.
    if (state.scrollTop) viewport.scrollTop = state.scrollTop;
  }
}

function onRows(m: Extract<ToWebview, { type: 'rows' }>): void {
  if (!head || m.gen !== head.gen || m.rows.start !== rows.length) return void vscode.postMessage({ type: 'ready' });
  for (const r of decodeRows(m.rows)) rows.push(r);
  recomputeSoon();
}

/** An edit: the splice in place of the changed rows; the selected stanza keeps its selection. */
function onDelta(m: Extract<ToWebview, { type: 'delta' }>): void {
  if (!head || m.since !== head.gen || !complete()) return void vscode.postMessage({ type: 'ready' });
  const splice = { at: m.at, remove: m.remove, insert: decodeRows(m.insert) };
  rows = applySplice(rows, splice);
  setHead(m.head);
  if (state.selected >= 0) {
    const moved = movedIndex(state.selected, splice);
    state.selected = moved >= 0 ? moved : splice.insert.length ? Math.min(state.selected, splice.at + splice.insert.length - 1) : -1;
    save();
  }
  if (splice.remove || splice.insert.length) deltas++;
  mark();
  const top = viewport.scrollTop;
  recompute();
  viewport.scrollTop = top;
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  if (m.type === 'model') onModel(m);
  else if (m.type === 'rows') onRows(m);
  else if (m.type === 'delta') onDelta(m);
  else if (m.type === 'select') select(m.index, { reveal: false, scroll: true });
  else if (m.type === 'stale') $('stale').textContent = m.reason;
});

// The first screen of rows, when the host wrote it into the HTML: shown before any message.
const firstModel = document.getElementById(FIRST_MODEL_ID)?.textContent;
if (firstModel) {
  document.body.dataset.embedded = 'true';
  onModel(JSON.parse(firstModel) as Extract<ToWebview, { type: 'model' }>);
} else showTab(state.tab);
document.body.dataset.tReady = epoch();
vscode.postMessage({ type: 'ready' });
