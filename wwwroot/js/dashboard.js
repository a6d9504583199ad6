// The analytics dashboard: polls the node's JSON and draws it with uPlot (from npm, through the import map).
// Operators use the key from settings; a host opens /dashboard?session=ID from the room and uses their app token.
import uPlot from 'uplot';
import { apiFetch, ApiError, loadJoin, loadRejoinToken } from './api.js';

const KEY_STORAGE = 'actorstudio.operatorKey';
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const hostSession = params.get('session');

const state = {
  scope: hostSession, // null = the whole node
  timer: null,
  refreshMs: 3000,
  charts: new Map(),
};

const palette = { a: '#7c9cff', b: '#3ccf91', c: '#f5b841', d: '#ff6b6b', e: '#c084fc', muted: '#9aa3b2', grid: '#2b303b' };

function operatorKey() { return sessionStorage.getItem(KEY_STORAGE); }

function credentials() {
  if (hostSession) {
    // The room keeps the token per tab and a copy per browser; a dashboard opened in a new tab finds the copy.
    const token = loadJoin(hostSession)?.token ?? loadRejoinToken(hostSession);
    if (token) return token;
  }
  return operatorKey();
}

function show(id) {
  for (const el of ['not-configured', 'key-form', 'board']) $(el).hidden = el !== id;
}

async function fetchReport() {
  const token = credentials();
  if (hostSession) {
    return { node: null, session: await apiFetch(`/api/sessions/${encodeURIComponent(hostSession)}/analytics`, { token }) };
  }
  const node = await apiFetch('/api/analytics', { token });
  state.refreshMs = node.refreshMilliseconds || state.refreshMs;
  const session = state.scope ? await apiFetch(`/api/analytics/sessions/${encodeURIComponent(state.scope)}`, { token }) : null;
  return { node, session };
}

async function refresh() {
  clearTimeout(state.timer);
  try {
    const { node, session } = await fetchReport();
    show('board');
    $('sign-out').hidden = hostSession !== null || !operatorKey();
    const report = session ?? node.node;
    renderScope(report, node);
    renderTiles(report.figures);
    renderCharts(report);
    renderReasons(report.figures);
    if (node) renderSessions(node.sessions);
    $('sessions-panel').hidden = node === null;
    $('status').textContent = 'Updated ' + new Date().toLocaleTimeString() + (node && !node.journalConnected ? ' · no journal' : '');
  } catch (error) {
    if (!handleAccessError(error)) {
      $('status').textContent = 'Could not refresh: ' + error.message;
    }
  }
  state.timer = setTimeout(refresh, state.refreshMs);
}

function handleAccessError(error) {
  if (!(error instanceof ApiError)) return false;
  if (error.code === 'dashboard_not_configured') {
    show('not-configured');
    $('status').textContent = 'Not configured';
    return true;
  }
  if (error.status === 401 || error.status === 403) {
    if (hostSession) {
      show('not-configured');
      $('not-configured').querySelector('h2').textContent = 'Only this session\u2019s host can see its figures';
      $('not-configured').querySelector('p').textContent = 'Open the dashboard from the room you host, in the same browser tab session.';
    } else {
      sessionStorage.removeItem(KEY_STORAGE);
      show('key-form');
      $('key-error').textContent = operatorKey() ? '' : (error.status === 401 && $('operator-key').value ? 'That key is not valid.' : '');
      $('operator-key').focus();
    }
    $('status').textContent = 'Sign-in needed';
    return true;
  }
  return false;
}

function renderScope(report, node) {
  const title = report.scope === 'node'
    ? '· all sessions'
    : '· ' + ((node?.sessions || []).find((s) => s.sessionId === report.scope)?.title || report.scope);
  $('scope').textContent = title;
  $('back-to-node').hidden = hostSession !== null || state.scope === null;
}

const pct = (v) => (v === null || v === undefined ? '–' : (v * 100).toFixed(v === 1 ? 0 : 1) + '%');
const ms = (v) => (v === null || v === undefined ? '–' : v < 1000 ? Math.round(v) + ' ms' : (v / 1000).toFixed(v < 10000 ? 2 : 1) + ' s');

function renderTiles(f) {
  $('t-join').textContent = pct(f.joinSuccessRate);
  $('t-join-sub').textContent = `${f.joinsOk} ok · ${f.joinsFailed} refused`;
  $('t-gen').textContent = pct(f.generationSuccessRate);
  $('t-gen-sub').textContent = `${f.generationsCompleted} complete · ${f.generationsFailed} failed · ${f.generationsRequested} asked`;
  $('t-ttf').textContent = `${ms(f.timeToFirstImage.p50Ms)} / ${ms(f.timeToFirstImage.p95Ms)}`;
  $('t-ttf-sub').textContent = `${f.timeToFirstImage.samples} generations`;
  $('t-tta').textContent = `${ms(f.timeToAllFour.p50Ms)} / ${ms(f.timeToAllFour.p95Ms)}`;
  $('t-tta-sub').textContent = `${f.timeToAllFour.samples} generations`;
  $('t-share').textContent = f.shareRate === null ? '–' : f.shareRate.toFixed(2);
  $('t-share-sub').textContent = `${f.favorites} stars · ${f.imagesStored} images`;
  $('t-active').textContent = String(f.activeParticipants);
  $('t-active-sub').textContent = `participants in ${f.activeSessions} session${f.activeSessions === 1 ? '' : 's'}`;
}

function renderReasons(f) {
  fillReasons($('join-failures'), f.joinFailuresByReason);
  fillReasons($('gen-failures'), f.generationFailuresByReason);
  fillReasons($('page-events'), f.pageEvents);
}

function fillReasons(list, counts) {
  const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
  list.replaceChildren(...(entries.length ? entries : [['none', '']]).map(([reason, count]) => {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = reason;
    const value = document.createElement('span');
    value.textContent = String(count);
    li.append(name, value);
    return li;
  }));
}

function renderSessions(sessions) {
  $('no-sessions').hidden = sessions.length > 0;
  $('sessions').replaceChildren(...sessions.map((s) => {
    const row = document.createElement('tr');
    row.tabIndex = 0;
    row.setAttribute('aria-selected', String(s.sessionId === state.scope));
    const cells = [
      () => {
        const td = document.createElement('td');
        const dot = document.createElement('span');
        dot.className = 'live-dot' + (s.activeParticipants > 0 ? '' : ' idle');
        const title = document.createElement('span');
        title.textContent = s.title || 'Untitled';
        const id = document.createElement('span');
        id.className = 'sid';
        id.textContent = s.sessionId;
        td.append(dot, title, id);
        return td;
      },
      s.activeParticipants, s.joinsOk, s.generationsRequested, s.imagesStored, s.favorites,
      new Date(s.lastActivityAt).toLocaleTimeString(),
    ];
    row.append(...cells.map((c) => {
      if (typeof c === 'function') return c();
      const td = document.createElement('td');
      td.textContent = String(c);
      return td;
    }));
    const open = () => { state.scope = s.sessionId; resetCharts(); refresh(); };
    row.addEventListener('click', open);
    row.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
    return row;
  }));
}

// ---- charts (uPlot) ----

const axis = (extra = {}) => ({ stroke: palette.muted, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid }, ...extra });
const bars = (size = 0.6) => uPlot.paths.bars({ size: [size, 40] });

function chartSize(el) {
  return { width: Math.max(320, el.clientWidth - 8), height: 240 };
}

function upsertChart(id, makeOptions, data) {
  const el = $(id);
  let chart = state.charts.get(id);
  if (!chart) {
    chart = new uPlot({ ...chartSize(el), ...makeOptions() }, data, el);
    state.charts.set(id, chart);
  } else {
    chart.setData(data);
  }
}

function resetCharts() {
  for (const chart of state.charts.values()) chart.destroy();
  state.charts.clear();
}

function renderCharts(report) {
  const s = report.series;
  const f = report.figures;
  emptyNote('c-latency', f.timeToFirstImage.samples === 0, 'No generation has produced an image yet.');
  emptyNote('c-histogram', f.timeToFirstImage.samples === 0, 'No generation has produced an image yet.');
  emptyNote('c-success', f.joinsOk + f.joinsFailed + f.generationsCompleted + f.generationsFailed === 0, 'No joins or generations yet.');
  const x = s.map((p) => p.bucketStartUnixSeconds);
  upsertChart('c-latency', () => ({
    axes: [axis(), axis({ values: (u, v) => v.map((n) => ms(n)), size: 70 })],
    scales: { y: { range: (u, min, max) => [0, Math.max(max ?? 0, 100)] } },
    series: [
      {},
      { label: 'first image p50', stroke: palette.a, width: 2, spanGaps: true, points: { show: true, size: 4 } },
      { label: 'first image p95', stroke: palette.a, dash: [6, 4], width: 1.5, spanGaps: true },
      { label: 'all four p50', stroke: palette.b, width: 2, spanGaps: true, points: { show: true, size: 4 } },
      { label: 'all four p95', stroke: palette.b, dash: [6, 4], width: 1.5, spanGaps: true },
    ],
  }), [x, s.map((p) => p.timeToFirstImageP50Ms), s.map((p) => p.timeToFirstImageP95Ms), s.map((p) => p.timeToAllFourP50Ms), s.map((p) => p.timeToAllFourP95Ms)]);

  const rate = (ok, bad) => (ok + bad === 0 ? null : (100 * ok) / (ok + bad));
  upsertChart('c-success', () => ({
    axes: [axis(), axis({ values: (u, v) => v.map((n) => n + '%') })],
    scales: { y: { range: [0, 100] } },
    series: [
      {},
      // No line across buckets without attempts: a rate there is unknown, not interpolated.
      { label: 'joins', stroke: palette.a, width: 2, points: { show: true, size: 6 } },
      { label: 'generations', stroke: palette.b, width: 2, points: { show: true, size: 6 } },
    ],
  }), [x, s.map((p) => rate(p.joinsOk, p.joinsFailed)), s.map((p) => rate(p.generationsCompleted, p.generationsFailed))]);

  upsertChart('c-joins', () => ({
    axes: [axis(), axis({ label: 'per bucket' }), axis({ side: 1, scale: 'people', grid: { show: false }, label: 'active' })],
    scales: { people: { range: (u, min, max) => [0, Math.max(1, max ?? 1)] } },
    series: [
      {},
      { label: 'joined', fill: palette.a + 'cc', stroke: palette.a, paths: bars(0.45) },
      { label: 'refused', fill: palette.d + 'cc', stroke: palette.d, paths: bars(0.25) },
      { label: 'active participants', stroke: palette.c, width: 2, scale: 'people' },
    ],
  }), [x, s.map((p) => p.joinsOk), s.map((p) => p.joinsFailed), s.map((p) => p.activeParticipants)]);

  const h = report.histogram;
  const compact = (b) => (b < 1000 ? b + 'ms' : b / 1000 + 's');
  const labels = h.upperBoundsMs.map((b) => '≤' + compact(b)).concat('>' + compact(h.upperBoundsMs[h.upperBoundsMs.length - 1]));
  upsertChart('c-histogram', () => ({
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] } },
    axes: [axis({ values: (u, v) => v.map((i) => labels[i] ?? ''), incrs: [1], rotate: 0, size: 40 }), axis({ label: 'generations' })],
    series: [
      { label: 'bin', value: (u, i) => labels[i] ?? '' },
      { label: 'first image', fill: palette.a + 'cc', stroke: palette.a, paths: bars(0.4) },
      { label: 'all four', fill: palette.b + 'cc', stroke: palette.b, paths: bars(0.2) },
    ],
  }), [labels.map((_, i) => i), h.timeToFirstImage, h.timeToAllFour]);
}

function emptyNote(id, empty, text) {
  const figure = $(id).parentElement;
  let note = figure.querySelector('.chart-empty');
  if (!note) {
    note = document.createElement('p');
    note.className = 'chart-empty muted';
    figure.querySelector('figcaption').after(note);
  }
  note.textContent = empty ? text : '';
  note.hidden = !empty;
}

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const [id, chart] of state.charts) chart.setSize(chartSize($(id)));
  }, 150);
});

$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY_STORAGE, $('operator-key').value.trim());
  $('key-error').textContent = '';
  refresh();
});
$('sign-out').addEventListener('click', () => { sessionStorage.removeItem(KEY_STORAGE); resetCharts(); refresh(); });
$('back-to-node').addEventListener('click', () => { state.scope = null; resetCharts(); refresh(); });

refresh();
