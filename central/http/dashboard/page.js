'use strict';
// EVC dashboard: live CP cards from /events (SSE), recent sessions, operator stop/resume.
// Plain browser JavaScript, no build step; every value from Central goes in via textContent.
(() => {
  const STATE_LABEL = { DISCONNECTED: 'Disconnected', AVAILABLE: 'Available', RESERVED: 'Reserved', CHARGING: 'Charging', STOPPED: 'Out of Order', FAULTED: 'Faulted' };
  const STATE_ORDER = ['CHARGING', 'RESERVED', 'AVAILABLE', 'STOPPED', 'FAULTED', 'DISCONNECTED'];
  const STATE_COLOUR = { DISCONNECTED: 'var(--grey)', AVAILABLE: 'var(--green)', RESERVED: 'var(--green)', CHARGING: 'var(--green)', STOPPED: 'var(--orange)', FAULTED: 'var(--red)' };
  const TOKEN_KEY = 'evc.adminToken';
  const cps = new Map();
  let sessions = [];
  let log = [];

  const $ = (id) => document.getElementById(id);
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child);
    return node;
  }

  const money = (amount, currency) => {
    try { return new Intl.NumberFormat('en-IE', { style: 'currency', currency: currency || 'EUR' }).format(amount); }
    catch { return amount.toFixed(2) + ' ' + currency; }
  };
  const fixed = (value, digits) => (typeof value === 'number' ? value.toFixed(digits) : '–');
  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  function whenText(ms) {
    const date = new Date(ms);
    return date.toDateString() === new Date().toDateString() ? clock(ms) : date.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + clock(ms);
  }
  function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + String(s % 60).padStart(2, '0') + 's';
    return Math.floor(s / 3600) + 'h ' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + 'm';
  }
  const ago = (ms) => duration(Date.now() - ms) + ' ago';

  // ---- CP cards -------------------------------------------------------------------------
  function cardBody(cp) {
    switch (cp.state) {
      case 'CHARGING':
        return [
          h('div', { class: 'card-driver' }, 'Driver ', h('b', {}, cp.driverId || '?')),
          h('div', { class: 'figures' },
            figure(fixed(cp.kW, 1), 'kW'), figure(fixed(cp.kWh, 2), 'kWh'), figure(typeof cp.amount === 'number' ? money(cp.amount) : '–', 'so far')),
        ];
      case 'RESERVED':
        return [h('div', { class: 'card-driver' }, 'Reserved for ', h('b', {}, cp.driverId || '?')), h('div', { class: 'card-note' }, 'Waiting for the car to plug in')];
      case 'AVAILABLE':
        return [h('div', { class: 'card-lead' }, 'Ready to charge'), h('div', { class: 'card-note' }, priceLine(cp))];
      case 'STOPPED':
        return [h('div', { class: 'card-lead' }, 'Out of Order'), h('div', { class: 'card-note' }, 'Stopped by the operator')];
      case 'FAULTED':
        return [h('div', { class: 'card-lead' }, 'Fault'), h('div', { class: 'card-note' }, 'KO pressed or Engine unreachable')];
      default:
        return [h('div', { class: 'card-lead' }, 'No Monitor link'), h('div', { class: 'card-note' }, cp.lastSeenMs ? 'Last seen ' + ago(cp.lastSeenMs) : 'Never seen')];
    }
  }
  const figure = (value, unit) => h('div', { class: 'figure' }, h('span', { class: 'figure-value' }, value), h('span', { class: 'figure-unit' }, unit));
  const priceLine = (cp) => money(cp.pricePerKwh) + '/kWh' + (cp.maxPowerKw ? ' · up to ' + cp.maxPowerKw + ' kW' : '');

  function card(cp) {
    const stopped = cp.state === 'STOPPED';
    return h('article', { class: 'card s-' + cp.state, 'data-cp': cp.id },
      h('div', {},
        h('div', { class: 'card-head' }, h('div', { class: 'card-id' }, cp.id), h('span', { class: 'pill' }, h('span', { class: 'dot' }), STATE_LABEL[cp.state] || cp.state)),
        h('div', { class: 'card-loc' }, cp.location || '—')),
      h('div', { class: 'card-body' }, cardBody(cp)),
      cp.state === 'CHARGING' ? h('div', { class: 'card-meta' }, priceLine(cp)) : null,
      h('div', { class: 'card-actions' },
        h('button', { class: 'btn btn-stop', type: 'button', disabled: stopped, onclick: () => command('/api/cps/' + encodeURIComponent(cp.id) + '/stop', cp.id + ' stopped') }, 'Stop'),
        h('button', { class: 'btn ' + (stopped ? 'btn-resume' : 'btn-ghost'), type: 'button', disabled: !stopped, onclick: () => command('/api/cps/' + encodeURIComponent(cp.id) + '/resume', cp.id + ' resumed') }, 'Resume')));
  }

  function renderCards() {
    const list = [...cps.values()].sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
    $('cards').replaceChildren(...(list.length ? list.map(card) : [h('p', { class: 'empty' }, 'No charging points registered yet. Add one with: evc central add-cp CP1 --price 0.35 --location "Lab 1"')]));
    renderSummary(list);
  }

  function renderCp(cp) {
    const existing = document.querySelector('[data-cp="' + CSS.escape(cp.id) + '"]');
    if (existing) existing.replaceWith(card(cp));
    else renderCards();
    renderSummary([...cps.values()]);
  }

  function renderSummary(list) {
    const counts = {};
    for (const cp of list) counts[cp.state] = (counts[cp.state] || 0) + 1;
    $('counts').replaceChildren(...STATE_ORDER.filter((state) => counts[state]).map((state) =>
      h('span', { class: 'count' }, h('span', { class: 'dot', style: 'background:' + STATE_COLOUR[state] }), h('b', {}, String(counts[state])), STATE_LABEL[state])));
    const charging = list.filter((cp) => cp.state === 'CHARGING');
    $('total-kw').textContent = charging.reduce((sum, cp) => sum + (cp.kW || 0), 0).toFixed(1) + ' kW';
    $('total-charging').textContent = charging.length + ' / ' + list.length;
  }

  // ---- Sessions and feed ----------------------------------------------------------------
  function renderSessions() {
    const rows = sessions.slice(0, 20).map((s) => {
      const active = s.state !== 'ended';
      return h('tr', {},
        h('td', {}, h('b', {}, s.cpId)), h('td', {}, s.driverId),
        h('td', {}, h('span', { class: 'tag tag-' + s.state }, s.state)),
        h('td', {}, whenText(s.startedAt)),
        h('td', { class: 'num' }, duration((s.endedAt || Date.now()) - s.startedAt) + (active ? '…' : '')),
        h('td', { class: 'num' }, fixed(s.kWh, 2)), h('td', { class: 'num' }, money(s.amount, s.currency)),
        h('td', { class: s.reason ? 'reason-' + s.reason : '' }, s.reason || ''));
    });
    $('sessions').replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colspan: '8', class: 'empty' }, 'No sessions yet'))]));
  }

  function renderFeed() {
    const items = log.slice(-60).reverse().map((line) =>
      h('li', { class: line.level }, h('span', { class: 'time' }, clock(line.atMs)), h('span', { class: 'cp' }, line.cpId || ''), h('span', { class: 'text' }, line.text)));
    $('feed').replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, 'Nothing yet')]));
  }

  let sessionsTimer;
  function refreshSessionsSoon() {
    clearTimeout(sessionsTimer);
    sessionsTimer = setTimeout(async () => {
      try {
        const response = await fetch('/api/sessions?limit=20', { cache: 'no-store' });
        if (response.ok) { sessions = await response.json(); renderSessions(); }
      } catch { /* the next event retries */ }
    }, 300);
  }

  // ---- Live stream ----------------------------------------------------------------------
  function setLive(on) {
    $('live').className = 'live ' + (on ? 'live-on' : 'live-off');
    $('live-text').textContent = on ? 'Live' : 'Reconnecting…';
  }

  function connect() {
    const source = new EventSource('/events');
    source.addEventListener('open', () => setLive(true));
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('snapshot', (event) => {
      const snapshot = JSON.parse(event.data);
      cps.clear();
      for (const cp of snapshot.cps) cps.set(cp.id, cp);
      sessions = snapshot.sessions;
      log = snapshot.log;
      setLive(true);
      renderCards(); renderSessions(); renderFeed();
    });
    source.addEventListener('cp', (event) => {
      const cp = JSON.parse(event.data);
      const before = cps.get(cp.id);
      cps.set(cp.id, cp);
      renderCp(cp);
      if (!before || before.state !== cp.state || before.sessionId !== cp.sessionId) refreshSessionsSoon();
    });
    source.addEventListener('session', (event) => {
      const session = JSON.parse(event.data);
      sessions = [session, ...sessions.filter((s) => s.id !== session.id)];
      renderSessions();
      refreshSessionsSoon();
    });
    source.addEventListener('log', (event) => {
      log.push(JSON.parse(event.data));
      if (log.length > 200) log = log.slice(-200);
      renderFeed();
    });
  }

  // ---- Operator commands ----------------------------------------------------------------
  function toast(text, isError) {
    const node = h('div', { class: 'toast' + (isError ? ' toast-error' : ''), role: 'status' }, text);
    $('toasts').append(node);
    setTimeout(() => node.remove(), isError ? 6000 : 3000);
  }

  function renderTokenButton() {
    const has = Boolean(sessionStorage.getItem(TOKEN_KEY));
    $('token-button').classList.toggle('has-token', has);
    $('token-button').textContent = has ? 'Token set' : 'Admin token';
  }

  function askToken() {
    return new Promise((resolve) => {
      const dialog = $('token-dialog');
      $('token-input').value = '';
      const finish = (token) => {
        dialog.removeEventListener('close', onClose);
        if (dialog.open) dialog.close();
        if (token) sessionStorage.setItem(TOKEN_KEY, token);
        renderTokenButton();
        resolve(token || undefined);
      };
      const onClose = () => finish(dialog.returnValue === 'save' ? $('token-input').value.trim() : undefined);
      dialog.addEventListener('close', onClose);
      dialog.returnValue = '';
      dialog.showModal();
    });
  }

  async function command(path, doneText, retried) {
    let token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) token = await askToken();
    if (!token) return;
    let response;
    try {
      response = await fetch(path, { method: 'POST', headers: { authorization: 'Bearer ' + token } });
    } catch {
      toast('Central is not reachable', true);
      return;
    }
    if (response.ok) { toast(doneText); return; }
    const body = await response.json().catch(() => ({}));
    if (response.status === 401 && !retried) {
      sessionStorage.removeItem(TOKEN_KEY);
      renderTokenButton();
      toast('Wrong admin token; try again', true);
      return command(path, doneText, true);
    }
    toast(body.message || 'Request failed (' + response.status + ')', true);
  }

  $('token-form').addEventListener('submit', () => { $('token-dialog').returnValue = 'save'; });
  $('token-cancel').addEventListener('click', () => $('token-dialog').close(''));
  $('token-forget').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); $('token-dialog').close(''); toast('Admin token forgotten'); });
  $('token-button').addEventListener('click', () => askToken());
  $('stop-all').addEventListener('click', () => { if (confirm('Stop every charging point? Any charge in progress ends now.')) command('/api/cps/stop', 'All charging points stopped'); });
  $('resume-all').addEventListener('click', () => command('/api/cps/resume', 'All charging points resumed'));

  // Relative times (durations, "last seen") move on without events.
  setInterval(() => { renderSessions(); for (const cp of cps.values()) if (cp.state === 'DISCONNECTED') renderCp(cp); }, 5000);
  renderTokenButton();
  connect();
})();
