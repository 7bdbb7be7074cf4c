// Harmony dashboard: polls GET /dashboard and /alerts/active, listens to GET /events/subscribe (SSE).
// Every text taken from the conductor goes in through textContent, never innerHTML: component names, metric names,
// state values and broadcast data are chosen by components.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);

  // Heartbeats are not events, so ages and metrics only move with a poll; ?refresh=N (1–60 s) overrides the 5 s.
  const REFRESH_MS = clamp(Number(params.get('refresh')) || 5, 1, 60) * 1000;
  const RECONNECT_MS = 5000;        // after the server refused the stream (EventSource retries network drops itself)
  const ALERTS_RETRY_MS = 60000;    // while /alerts/active answers 404 (alerting not deployed), ask rarely
  const MAX_EVENTS = 50;
  const MAX_POINTS = 60;
  const HISTORY_MINUTES = 15;       // how far back /metrics/{id} seeds a sparkline
  const MAX_CHIPS = 4;

  // Named SSE events reach only listeners registered for their exact name (onmessage sees none).
  const EVENT_TYPES = ['component-registered', 'component-degraded', 'component-offline', 'component-recovered',
    'component-deregistered', 'state-changed', 'state-deleted', 'alert-firing', 'alert-resolved'];
  const EVENT_PATTERNS = ['component-*', 'state-*', 'alert-*'];
  // Broadcast types are chosen by components, so the page cannot know them: ?events=a,b follows those too.
  const EXTRA_TYPES = (params.get('events') || '').split(',').map(s => s.trim()).filter(Boolean);

  // Fields of a /dashboard entry that are not "other metrics".
  const FIXED = new Set(['component_id', 'component', 'status', 'uptime_seconds', 'last_heartbeat',
    'requests_total', 'errors']);
  // The sparkline shows the first of these a component reports, else its first other numeric metric.
  const KEY_METRICS = ['requests_per_minute', 'requests_total'];

  const $ = id => document.getElementById(id);
  const ui = {
    overall: $('overall-status'), counts: $('counts'), detectionLag: $('detection-lag'), connection: $('connection'), updated: $('updated'),
    banner: $('banner'), rows: $('component-rows'), componentsEmpty: $('components-empty'),
    alerts: $('alerts'), alertsEmpty: $('alerts-empty'), alertCount: $('alert-count'),
    events: $('events'), eventsEmpty: $('events-empty'),
  };

  const components = new Map();    // component_id → {entry, fetchedAt, row, cells, metric, history, lastBeat, seeded}
  let clockOffsetMs = 0;           // server clock − browser clock, so ages are right on a skewed laptop
  let activeAlerts = [];
  let alertsRetryAt = 0;
  let lastEventId = null;

  // ---- formatting -------------------------------------------------------------------------------------------------

  const numberFormat = new Intl.NumberFormat(undefined, {maximumFractionDigits: 2});
  const compactFormat = new Intl.NumberFormat(undefined, {notation: 'compact', maximumFractionDigits: 1});

  function clamp(v, lo, hi) {
    return Math.min(hi, Math.max(lo, v));
  }

  function isNumber(v) {
    return typeof v === 'number' && Number.isFinite(v);
  }

  function fmt(v) {
    if (!isNumber(v)) return '—';
    return Math.abs(v) >= 1e6 ? compactFormat.format(v) : numberFormat.format(v);
  }

  function duration(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
    return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  }

  function clock(ms) {
    return isNumber(ms) ? new Date(ms).toLocaleTimeString([], {hour12: false}) : '';
  }

  function short(text, max = 120) {
    return text.length > max ? text.slice(0, max - 1) + '…' : text;
  }

  function json(value) {
    try {
      return JSON.stringify(value);
    } catch (e) {
      return String(value);
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function serverNow() {
    return Date.now() + clockOffsetMs;
  }

  // ---- auth -------------------------------------------------------------------------------------------------------

  // With auth on, the conductor answers 401 without a bearer token. The page then asks for one and keeps it in this
  // tab only (sessionStorage: gone with the tab, never in a cookie or the address bar). A cancelled prompt is not
  // repeated until the page is reloaded; a refused token is asked for again.
  const TOKEN_KEY = 'harmony.token';
  let token = sessionStorage.getItem(TOKEN_KEY);
  let declined = false;

  function headers() {
    const h = {Accept: 'application/json'};
    if (token) h.Authorization = `Bearer ${token}`;
    return h;
  }

  // fetch with the token; a 401 asks for a token (unless another call already got a new one) and retries once.
  async function authFetch(url) {
    const sentWith = token;
    let response = await fetch(url, {headers: headers(), cache: 'no-store'});
    if (response.status === 401 && (token !== sentWith || askToken())) {
      response = await fetch(url, {headers: headers(), cache: 'no-store'});
    }
    return response;
  }

  function askToken() {
    if (declined) return false;
    const entered = window.prompt(token
      ? 'The conductor refused this token. Harmony token (admin or component):'
      : 'This conductor needs a token. Harmony token (admin or component):');
    if (!entered || !entered.trim()) {
      declined = true;
      return false;
    }
    token = entered.trim();
    sessionStorage.setItem(TOKEN_KEY, token);
    if (sourceToken !== token) connect();    // the stream was opened without it (or with a refused one)
    return true;
  }

  async function getJson(url) {
    const response = await authFetch(url);
    if (!response.ok) {
      const error = new Error(`${url} answered ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  // ---- components -------------------------------------------------------------------------------------------------

  let refreshing = null;
  let refreshAgain = false;

  // One /dashboard request at a time; a burst of component-* events costs at most one more.
  function refresh() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = getJson('/dashboard')
      .then(render, failed)
      .finally(() => {
        refreshing = null;
        if (refreshAgain) {
          refreshAgain = false;
          refresh();
        }
      });
  }

  function failed(error) {
    ui.banner.textContent = `Cannot reach the conductor (${error.message}); retrying every ${REFRESH_MS / 1000} s.`;
    ui.banner.hidden = false;
    ui.overall.dataset.status = 'unknown';
    ui.overall.textContent = 'unknown';
  }

  function render(body) {
    ui.banner.hidden = true;
    const serverTime = Date.parse(body.timestamp);
    if (isNumber(serverTime)) clockOffsetMs = serverTime - Date.now();

    const entries = Array.isArray(body.components) ? body.components : [];
    const seen = new Set();
    for (const entry of entries) {
      if (!entry || typeof entry.component_id !== 'string') continue;
      seen.add(entry.component_id);
      upsert(entry);
    }
    for (const [id, c] of components) {
      if (!seen.has(id)) {          // deregistered
        c.row.remove();
        components.delete(id);
      }
    }
    // Rows keep a stable order (by id) so the eye can follow one component while statuses change.
    [...components.keys()].sort().forEach(id => ui.rows.appendChild(components.get(id).row));

    const overall = typeof body.overall_status === 'string' ? body.overall_status : 'unknown';
    ui.overall.dataset.status = overall;
    ui.overall.textContent = overall === 'empty' ? 'no components' : overall;
    const counts = {healthy: 0, degraded: 0, offline: 0};
    for (const c of components.values()) counts[c.entry.status] = (counts[c.entry.status] || 0) + 1;
    ui.counts.textContent = components.size === 0 ? ''
      : `${counts.healthy} healthy · ${counts.degraded} degraded · ${counts.offline} offline`;
    ui.detectionLag.textContent = typeof body.detection_lag_p99_seconds === 'number'
      ? `detection lag p99 ${Math.round(body.detection_lag_p99_seconds * 1000)} ms` : '';
    ui.componentsEmpty.hidden = components.size > 0;
    ui.updated.textContent = `updated ${clock(Date.now())}`;
    markAlerting();
    tick();
  }

  function upsert(entry) {
    const id = entry.component_id;
    let c = components.get(id);
    if (!c) {
      c = {history: [], lastBeat: null, seeded: false, metric: null};
      c.row = createRow(id, c);
      components.set(id, c);
    }
    c.entry = entry;
    c.fetchedAt = Date.now();

    const metric = keyMetric(entry);
    if (metric !== c.metric) {     // a component started reporting a better key metric: start its line again
      c.metric = metric;
      c.history = [];
      c.seeded = false;
    }
    const beat = Date.parse(entry.last_heartbeat);
    if (metric && isNumber(entry[metric]) && isNumber(beat) && beat !== c.lastBeat) {
      appendPoint(c, beat, entry[metric]);   // one point per heartbeat seen, not per poll
      c.lastBeat = beat;
    }
    if (metric && !c.seeded) {
      c.seeded = true;
      seedHistory(id, c, metric);
    }
    updateRow(c);
  }

  function keyMetric(entry) {
    for (const name of KEY_METRICS) {
      if (isNumber(entry[name])) return name;
    }
    return Object.keys(entry).find(k => !FIXED.has(k) && isNumber(entry[k])) || null;
  }

  function appendPoint(c, t, v) {
    const last = c.history[c.history.length - 1];
    if (last && t <= last.t) return;
    c.history.push({t, v});
    if (c.history.length > MAX_POINTS) c.history.splice(0, c.history.length - MAX_POINTS);
  }

  // History from the metrics store, when the conductor has one; a 404 (not deployed yet) just leaves the live line.
  function seedHistory(id, c, metric) {
    const start = new Date(serverNow() - HISTORY_MINUTES * 60000).toISOString();
    getJson(`/metrics/${encodeURIComponent(id)}?start=${encodeURIComponent(start)}`)
      .then(body => {
        if (components.get(id) !== c || c.metric !== metric || !Array.isArray(body.points)) return;
        const firstLive = c.history.length ? c.history[0].t : Infinity;
        const seeded = body.points
          .map(p => ({t: Date.parse(p && p.timestamp), v: p && p.metrics ? p.metrics[metric] : undefined}))
          .filter(p => isNumber(p.t) && isNumber(p.v) && p.t < firstLive)
          .sort((a, b) => a.t - b.t);
        c.history = seeded.concat(c.history).slice(-MAX_POINTS);
        drawSparkline(c);
      })
      .catch(() => { /* no history available: the sparkline fills from polls */ });
  }

  function createRow(id, c) {
    const row = el('tr');
    row.dataset.componentId = id;

    const status = el('span', 'status');
    status.append(el('span', 'dot'), el('span', 'status-text'));
    const name = el('span', 'name');
    const flag = el('span', 'alert-flag', '⚠');
    flag.hidden = true;
    const cid = el('span', 'cid mono', id);
    const age = el('span', 'age');
    const uptime = el('span', 'uptime');
    const requests = el('td', 'num requests');
    const errors = el('td', 'num errors');
    const metrics = el('div', 'metrics');
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 120 28');
    svg.setAttribute('preserveAspectRatio', 'none');
    const sparkLabel = el('span', 'spark-label');
    const trend = el('div', 'trend');
    trend.append(svg, sparkLabel);

    const td = children => {
      const cell = el('td');
      cell.append(...[].concat(children));
      return cell;
    };
    row.append(td(status), td([name, flag, cid]), td(age), td(uptime), requests, errors, td(metrics), td(trend));
    c.cells = {status, name, flag, age, uptime, requests, errors, metrics, svg, sparkLabel};
    return row;
  }

  function updateRow(c) {
    const {entry, cells, row} = c;
    const status = typeof entry.status === 'string' ? entry.status : 'unknown';
    row.dataset.status = status;
    row.dataset.component = entry.component || '';
    cells.status.dataset.status = status;
    cells.status.lastChild.textContent = status;
    cells.name.textContent = entry.component || entry.component_id;
    cells.requests.textContent = fmt(entry.requests_total);
    cells.errors.textContent = fmt(entry.errors);

    const others = Object.keys(entry).filter(k => !FIXED.has(k) && isNumber(entry[k]));
    const chips = others.slice(0, MAX_CHIPS).map(k => {
      const chip = el('span', 'chip');
      chip.dataset.metric = k;
      chip.append(el('span', 'k', k), document.createTextNode(' ' + fmt(entry[k])));
      return chip;
    });
    if (others.length > MAX_CHIPS) {
      const rest = others.slice(MAX_CHIPS);
      const more = el('span', 'chip', `+${rest.length}`);
      more.title = rest.map(k => `${k}: ${fmt(entry[k])}`).join('\n');
      chips.push(more);
    }
    cells.metrics.replaceChildren(...chips);
    drawSparkline(c);
  }

  // A counter only ever climbs, so its line would say nothing: plot its increase per minute instead, reset-safe
  // (a counter that dropped restarted from zero), as the contract derives *_per_minute rates.
  function isCounter(metric) {
    return metric.endsWith('_total') || metric === 'errors';
  }

  function series(c) {
    if (!c.metric || !isCounter(c.metric)) return {label: c.metric || '', points: c.history};
    const points = [];
    for (let i = 1; i < c.history.length; i++) {
      const a = c.history[i - 1], b = c.history[i];
      const increase = b.v >= a.v ? b.v - a.v : b.v;
      points.push({t: b.t, v: increase / ((b.t - a.t) / 60000)});
    }
    return {label: `${c.metric.replace(/_total$/, '')}/min`, points};
  }

  function drawSparkline(c) {
    const {svg, sparkLabel} = c.cells;
    const {label, points} = series(c);
    svg.dataset.points = String(points.length);
    sparkLabel.textContent = label;
    const ns = 'http://www.w3.org/2000/svg';
    const title = document.createElementNS(ns, 'title');
    if (points.length < 2) {
      title.textContent = c.metric ? `${label}: collecting…` : 'no numeric metric reported';
      svg.replaceChildren(title);
      return;
    }
    const w = 120, h = 28, pad = 3;
    const t0 = points[0].t, t1 = points[points.length - 1].t;
    const values = points.map(p => p.v);
    const min = Math.min(...values), max = Math.max(...values);
    const x = t => pad + (t1 === t0 ? 0 : (t - t0) / (t1 - t0)) * (w - 2 * pad);
    const y = v => max === min ? h / 2 : h - pad - ((v - min) / (max - min)) * (h - 2 * pad);
    const coords = points.map(p => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`);
    const area = document.createElementNS(ns, 'polygon');
    area.setAttribute('points', `${x(t0).toFixed(1)},${h} ${coords.join(' ')} ${x(t1).toFixed(1)},${h}`);
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', coords.join(' '));
    const last = points[points.length - 1];
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('cx', x(last.t).toFixed(1));
    dot.setAttribute('cy', y(last.v).toFixed(1));
    dot.setAttribute('r', '2');
    title.textContent = `${label}: ${fmt(last.v)} now, ${fmt(min)}–${fmt(max)} over the last ${points.length} beats seen`;
    svg.replaceChildren(title, area, line, dot);
  }

  // Ages and uptimes tick every second between polls.
  function tick() {
    const now = serverNow();
    for (const c of components.values()) {
      const beat = Date.parse(c.entry.last_heartbeat);
      if (isNumber(beat)) {
        c.cells.age.textContent = `${duration((now - beat) / 1000)} ago`;
        c.cells.age.title = new Date(beat).toISOString();
      } else {
        c.cells.age.textContent = '—';
      }
      c.cells.age.dataset.stale = String(c.entry.status !== 'healthy');
      const up = c.entry.uptime_seconds;
      c.cells.uptime.textContent = isNumber(up) ? duration(up + (Date.now() - c.fetchedAt) / 1000) : '—';
    }
  }

  // ---- alerts -----------------------------------------------------------------------------------------------------

  function refreshAlerts(force) {
    if (!force && Date.now() < alertsRetryAt) return;
    authFetch('/alerts/active')
      .then(response => {
        if (response.status === 404) {     // alerting not deployed on this conductor: an empty panel
          alertsRetryAt = Date.now() + ALERTS_RETRY_MS;
          return {alerts: []};
        }
        if (!response.ok) throw new Error(`/alerts/active answered ${response.status}`);
        alertsRetryAt = 0;
        return response.json();
      })
      .then(renderAlerts)
      .catch(() => { /* keep what is shown; the banner already reports an unreachable conductor */ });
  }

  function renderAlerts(body) {
    activeAlerts = Array.isArray(body && body.alerts) ? body.alerts.filter(a => a && typeof a === 'object') : [];
    activeAlerts.sort((a, b) => String(a.since).localeCompare(String(b.since)));
    const items = activeAlerts.map(a => {
      const li = el('li');
      li.dataset.alertName = String(a.alert_name ?? '');
      li.dataset.componentId = String(a.component_id ?? '');
      li.append(el('div', 'alert-name', String(a.alert_name ?? 'alert')));
      const since = Date.parse(a.since);
      const value = a.value === undefined ? null : `value ${isNumber(a.value) ? fmt(a.value) : json(a.value)}`;
      const parts = [a.component_id, a.condition, value, isNumber(since) ? `since ${clock(since)}` : null];
      li.append(el('div', 'alert-detail', parts.filter(p => p !== null && p !== undefined && p !== '').map(String).join(' · ')));
      return li;
    });
    ui.alerts.replaceChildren(...items);
    ui.alertsEmpty.hidden = items.length > 0;
    ui.alertCount.hidden = items.length === 0;
    ui.alertCount.textContent = String(items.length);
    markAlerting();
  }

  function markAlerting() {
    const byComponent = new Map();
    for (const a of activeAlerts) {
      const names = byComponent.get(a.component_id) || [];
      names.push(String(a.alert_name));
      byComponent.set(a.component_id, names);
    }
    for (const [id, c] of components) {
      const names = byComponent.get(id);
      c.cells.flag.hidden = !names;
      c.cells.flag.title = names ? `Firing: ${names.join(', ')}` : '';
      c.row.dataset.alerting = String(Boolean(names));
    }
  }

  // ---- events -----------------------------------------------------------------------------------------------------

  let source = null;
  let sourceToken = null;
  let reconnectTimer = null;

  function connect() {
    clearTimeout(reconnectTimer);
    if (source) source.close();
    const patterns = [...new Set(EVENT_PATTERNS.concat(EXTRA_TYPES))].join(',');
    let url = `/events/subscribe?event_type=${encodeURIComponent(patterns)}`;
    // A fresh EventSource forgets Last-Event-ID; the query parameter resumes where the old one stopped.
    if (lastEventId !== null) url += `&last_event_id=${encodeURIComponent(lastEventId)}`;
    // EventSource cannot send headers: the stream takes the token as a query parameter.
    if (token) url += `&access_token=${encodeURIComponent(token)}`;
    sourceToken = token;
    source = new EventSource(url);
    setConnection('connecting');
    source.onopen = () => {
      setConnection('live');
      refresh();                     // catch up on anything that changed while we were away
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {   // the server refused (e.g. 503): retry by hand
        setConnection('disconnected');
        reconnectTimer = setTimeout(connect, RECONNECT_MS);
      } else {
        setConnection('connecting');                     // the browser reconnects with Last-Event-ID itself
      }
    };
    for (const type of new Set(EVENT_TYPES.concat(EXTRA_TYPES))) source.addEventListener(type, onEvent);
  }

  function setConnection(state) {
    ui.connection.dataset.state = state;
    ui.connection.textContent = {live: 'live', connecting: 'reconnecting…', disconnected: 'disconnected'}[state];
    if (state === 'connecting' && !ui.connection.dataset.everLive) ui.connection.textContent = 'connecting…';
    if (state === 'live') ui.connection.dataset.everLive = 'true';
  }

  function onEvent(message) {
    if (message.lastEventId) lastEventId = message.lastEventId;
    let envelope;
    try {
      envelope = JSON.parse(message.data);
    } catch (e) {
      envelope = {event: message.type, data: message.data};
    }
    addEvent(message.type, envelope && typeof envelope === 'object' ? envelope : {data: envelope});
    if (message.type.startsWith('component-')) refresh();
    if (message.type.startsWith('alert-')) refreshAlerts(true);
  }

  function addEvent(type, envelope) {
    const data = envelope.data && typeof envelope.data === 'object' ? envelope.data : {};
    const li = el('li');
    li.dataset.event = type;
    if (typeof data.component_id === 'string') li.dataset.componentId = data.component_id;
    if (envelope.event_id) li.dataset.eventId = String(envelope.event_id);
    const at = Date.parse(envelope.timestamp);
    li.append(el('span', 'time', clock(isNumber(at) ? at : Date.now())), el('span', 'type', type),
      el('span', 'summary', summary(type, envelope, data)));
    ui.events.prepend(li);
    while (ui.events.children.length > MAX_EVENTS) ui.events.lastChild.remove();
    ui.eventsEmpty.hidden = true;
  }

  function summary(type, envelope, data) {
    if (type.startsWith('component-')) {
      const change = data.previous_status ? `${data.previous_status} → ${data.status}` : data.status;
      return [data.component_id || data.component, change].filter(Boolean).join(': ');
    }
    if (type === 'state-changed') return short(`${data.key} = ${json(data.value)}`);
    if (type === 'state-deleted') return `${data.key} deleted`;
    if (type.startsWith('alert-')) {
      const value = data.value !== undefined ? ` (value ${isNumber(data.value) ? fmt(data.value) : json(data.value)})` : '';
      return short(`${data.alert_name} on ${data.component_id}: ${data.condition}${value}`);
    }
    const from = envelope.from ? `from ${envelope.from}: ` : '';
    return short(from + json(envelope.data));
  }

  // ---- start ------------------------------------------------------------------------------------------------------

  refresh();
  refreshAlerts(true);
  connect();
  setInterval(() => {
    refresh();
    refreshAlerts(false);
  }, REFRESH_MS);
  setInterval(tick, 1000);
})();
