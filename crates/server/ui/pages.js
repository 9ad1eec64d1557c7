// The pages: log in, the shipments list, a new shipment, one shipment (documents, check,
// findings, history), the quick check and the API keys.

import { h, clear } from './dom.js';
import { t, tn, docName, formatTime } from './i18n.js';
import { api, ApiError } from './api.js';
import { renderReport, DOCUMENT_ORDER } from './report.js';

// ---------------------------------------------------------------- shared pieces

/** A problem document (or any failure) as an alert box: its message and each bad field. */
export function problemBox(error) {
  const problem = (error instanceof ApiError && error.problem) || {};
  let message;
  if (error instanceof ApiError && error.status === 0) message = t('error.network');
  else message = problem.detail || problem.title || t('error.unknown');
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  return h('div', { class: 'panel panel-error problem', role: 'alert' },
    h('p', { class: 'problem-detail' }, message),
    errors.length ? h('ul', { class: 'problem-errors' }, errors.map((e) => h('li', {},
      e.path ? h('code', {}, e.path) : null, e.path ? ' ' : null, e.message || ''))) : null);
}

/** A whole page that could not be shown. */
export function failure(error) {
  const notFound = error instanceof ApiError && error.status === 404;
  return h('section', { class: 'page' },
    h('h1', {}, notFound ? t('error.not_found') : t('error.title')),
    problemBox(error),
    h('p', {}, h('a', { href: '#/shipments' }, t('nav.back_to_list'))));
}

function pageHead(title, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', {}, title), ...extra);
}

function field(id, label, control, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

function busy(button, on, label) {
  button.disabled = on;
  button.setAttribute('aria-busy', String(on));
  if (label) button.textContent = label;
}

function directionLabel(direction) {
  return direction ? t(`direction.${direction}`) : '—';
}

// ---------------------------------------------------------------- log in

export async function login(view, ctx) {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('div', { class: 'form-error', id: 'login-error' });
  const submit = h('button', { type: 'submit', class: 'button primary wide', id: 'login-submit' }, t('login.submit'));
  let notice = null;
  if (ctx.expired) notice = h('p', { class: 'panel panel-info', role: 'status' }, t('login.expired'));
  else if (ctx.loggedOut) notice = h('p', { class: 'panel panel-info', role: 'status', id: 'logged-out' }, t('login.logged_out'));
  ctx.expired = false;
  ctx.loggedOut = false;
  const form = h('form', { class: 'stack', novalidate: true },
    field('username', t('login.username'), username),
    field('password', t('login.password'), password),
    error,
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(error);
    if (!username.value.trim() || !password.value) {
      error.append(problemBox(new ApiError(422, { detail: t('login.missing') })));
      (username.value.trim() ? password : username).focus();
      return;
    }
    busy(submit, true, t('login.busy'));
    try {
      const who = await api('POST', '/api/v1/login', {
        json: { username: username.value.trim(), password: password.value },
        quiet401: true,
      });
      ctx.setSession({ username: username.value.trim(), role: who.role, user_id: who.user_id });
      ctx.navigate('#/shipments');
    } catch (failed) {
      busy(submit, false, t('login.submit'));
      error.append(problemBox(failed));
      password.select();
      password.focus();
    }
  });
  view.append(h('section', { class: 'auth' },
    h('div', { class: 'auth-card' },
      h('h1', {}, t('login.title')),
      h('p', { class: 'muted' }, t('login.intro')),
      notice,
      form)));
  username.focus();
}

// ---------------------------------------------------------------- shipments list

async function clientNames(ctx) {
  if (!ctx.can('clients')) return new Map();
  try {
    const clients = await api('GET', '/api/v1/clients');
    return new Map(clients.map((c) => [c.id, c.name]));
  } catch (error) {
    return new Map();
  }
}

/** The badge of a shipment's last check run, filled in when its findings arrive. */
function lastCheckBadge(run, latestVersion) {
  if (!run) return h('span', { class: 'badge badge-none' }, t('check.never'));
  let badge;
  if (run.errors > 0) badge = h('span', { class: 'badge badge-error' }, tn('summary.errors', run.errors));
  else if (run.warnings > 0) badge = h('span', { class: 'badge badge-warning' }, tn('summary.warnings', run.warnings));
  else badge = h('span', { class: 'badge badge-ok' }, t('check.passed'));
  const stale = run.version < latestVersion
    ? h('span', { class: 'badge badge-stale', title: t('check.stale_title', { v: run.version }) }, t('check.stale'))
    : null;
  return h('span', { class: 'badges' }, badge, stale);
}

async function fillLastChecks(rows) {
  const queue = [...rows];
  const worker = async () => {
    while (queue.length) {
      const { cell, item } = queue.shift();
      let run = null;
      try {
        run = await api('GET', `/api/v1/shipments/${encodeURIComponent(item.id)}/findings`);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) {
          clear(cell).append(h('span', { class: 'badge badge-none' }, '?'));
          continue;
        }
      }
      clear(cell).append(lastCheckBadge(run, item.latest_version));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

export async function shipments(view, ctx) {
  const state = ctx.listState || (ctx.listState = { reference: '', direction: '', client_id: '', archived: false, limit: 20, cursors: [null] });
  const clients = await clientNames(ctx);
  const reference = h('input', { id: 'f-reference', type: 'search', value: state.reference, autocomplete: 'off' });
  const direction = h('select', { id: 'f-direction' },
    h('option', { value: '' }, t('filter.any')),
    h('option', { value: 'export', selected: state.direction === 'export' }, t('direction.export')),
    h('option', { value: 'import', selected: state.direction === 'import' }, t('direction.import')));
  const client = clients.size ? h('select', { id: 'f-client' },
    h('option', { value: '' }, t('filter.any')),
    [...clients].map(([id, name]) => h('option', { value: id, selected: state.client_id === id }, name))) : null;
  const archived = h('input', { id: 'f-archived', type: 'checkbox', checked: state.archived });
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('filter.label') },
    field('f-reference', t('filter.reference'), reference),
    field('f-direction', t('filter.direction'), direction),
    client ? field('f-client', t('filter.client'), client) : null,
    h('div', { class: 'field check-field' }, archived, h('label', { for: 'f-archived' }, t('filter.archived'))),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', class: 'button' }, t('filter.apply'))));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    Object.assign(state, {
      reference: reference.value.trim(),
      direction: direction.value,
      client_id: client ? client.value : '',
      archived: archived.checked,
      cursors: [null],
    });
    ctx.focusHeading = false;
    ctx.navigate('#/shipments');
  });

  const results = h('div', { class: 'results', 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  view.append(h('section', { class: 'page' },
    pageHead(t('list.title'), ctx.can('write') ? h('a', { class: 'button primary', href: '#/shipments/new' }, t('nav.new')) : null),
    filters,
    results));

  const page = state.cursors.length;
  const listed = await api('GET', '/api/v1/shipments', {
    query: {
      reference: state.reference,
      direction: state.direction,
      client_id: state.client_id,
      archived: state.archived ? 'true' : '',
      limit: state.limit,
      after: state.cursors[page - 1],
    },
  });
  clear(results);
  if (!listed.items.length) {
    results.append(h('div', { class: 'empty' },
      h('p', {}, page > 1 ? t('list.no_more') : t('list.empty')),
      ctx.can('write') && page === 1 ? h('a', { href: '#/shipments/new', class: 'button' }, t('list.create_first')) : null));
  } else {
    const rows = [];
    const body = h('tbody');
    for (const item of listed.items) {
      const cell = h('td', { class: 'last-check' }, h('span', { class: 'badge badge-loading' }, '…'));
      rows.push({ cell, item });
      body.append(h('tr', { 'data-id': item.id },
        h('th', { scope: 'row' }, h('a', { href: `#/shipments/${encodeURIComponent(item.id)}` }, item.reference || item.id)),
        h('td', {}, directionLabel(item.direction)),
        h('td', {}, (item.client_id && (clients.get(item.client_id) || item.client_id)) || '—'),
        h('td', { class: 'num' }, `v${item.latest_version}`),
        h('td', {}, formatTime(item.updated_at)),
        cell,
        h('td', {}, item.archived_at ? h('span', { class: 'badge badge-none' }, t('shipment.archived')) : '')));
    }
    results.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'shipments-table' },
      h('caption', { class: 'visually-hidden' }, t('list.caption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('col.reference')),
        h('th', { scope: 'col' }, t('col.direction')),
        h('th', { scope: 'col' }, t('col.client')),
        h('th', { scope: 'col' }, t('col.version')),
        h('th', { scope: 'col' }, t('col.updated')),
        h('th', { scope: 'col' }, t('col.last_check')),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('col.state'))))),
      body)));
    fillLastChecks(rows);
  }
  const previous = h('button', { type: 'button', class: 'button', disabled: page === 1 }, t('page.previous'));
  const next = h('button', { type: 'button', class: 'button', disabled: !listed.next }, t('page.next'));
  previous.addEventListener('click', () => {
    state.cursors.pop();
    ctx.focusHeading = false;
    ctx.navigate('#/shipments');
  });
  next.addEventListener('click', () => {
    state.cursors.push(listed.next);
    ctx.focusHeading = false;
    ctx.navigate('#/shipments');
  });
  results.append(h('nav', { class: 'pager', 'aria-label': t('page.label') },
    previous, h('span', { class: 'muted' }, t('page.number', { n: page })), next));
}

// ---------------------------------------------------------------- new shipment

const FILE_TYPES = {
  json: 'application/json',
  xml: 'application/xml',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

function newKey() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function newShipment(view, ctx) {
  const clients = await clientNames(ctx);
  let idempotencyKey = newKey();
  const modePaste = h('input', { type: 'radio', name: 'mode', id: 'mode-paste', value: 'paste', checked: true });
  const modeFile = h('input', { type: 'radio', name: 'mode', id: 'mode-file', value: 'file' });
  const text = h('textarea', { id: 'bundle-json', rows: 16, spellcheck: 'false', 'aria-describedby': 'bundle-json-hint', class: 'code-input' });
  const file = h('input', { id: 'bundle-file', type: 'file', accept: '.json,.xml,.xlsx,.xls,.ods,.csv', 'aria-describedby': 'bundle-file-hint' });
  const client = clients.size ? h('select', { id: 'new-client' },
    h('option', { value: '' }, t('new.no_client')),
    [...clients].map(([id, name]) => h('option', { value: id }, name))) : null;
  const pastePart = h('div', { class: 'mode-part', id: 'part-paste' }, field('bundle-json', t('new.json_label'), text, t('new.json_hint')));
  const filePart = h('div', { class: 'mode-part', id: 'part-file', hidden: true }, field('bundle-file', t('new.file_label'), file, t('new.file_hint')));
  const sync = () => {
    pastePart.hidden = !modePaste.checked;
    filePart.hidden = !modeFile.checked;
  };
  modePaste.addEventListener('change', sync);
  modeFile.addEventListener('change', sync);
  const error = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'create-submit' }, t('new.submit'));
  const form = h('form', { class: 'stack', novalidate: true },
    h('fieldset', { class: 'modes' },
      h('legend', {}, t('new.source')),
      h('div', { class: 'mode' }, modePaste, h('label', { for: 'mode-paste' }, t('new.mode_paste'))),
      h('div', { class: 'mode' }, modeFile, h('label', { for: 'mode-file' }, t('new.mode_file')))),
    pastePart,
    filePart,
    client ? field('new-client', t('new.client'), client) : null,
    error,
    h('div', { class: 'actions' }, submit, h('a', { href: '#/shipments', class: 'button quiet' }, t('common.cancel'))));
  form.addEventListener('input', () => {
    idempotencyKey = newKey();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(error);
    const query = { client_id: client ? client.value : '' };
    const headers = { 'Idempotency-Key': idempotencyKey };
    let request;
    if (modePaste.checked) {
      if (!text.value.trim()) {
        error.append(problemBox(new ApiError(422, { detail: t('new.missing_json') })));
        text.focus();
        return;
      }
      request = { json: text.value, query, headers };
    } else {
      const chosen = file.files && file.files[0];
      if (!chosen) {
        error.append(problemBox(new ApiError(422, { detail: t('new.missing_file') })));
        file.focus();
        return;
      }
      const extension = (chosen.name.split('.').pop() || '').toLowerCase();
      const contentType = FILE_TYPES[extension] || 'application/octet-stream';
      request = extension === 'json'
        ? { json: await chosen.text(), query, headers }
        : { body: chosen, contentType, query: { ...query, file_name: chosen.name }, headers };
    }
    busy(submit, true, t('new.busy'));
    try {
      const created = await api('POST', '/api/v1/shipments', request);
      ctx.toast(t('new.created'));
      ctx.navigate(`#/shipments/${encodeURIComponent(created.id)}`);
    } catch (failed) {
      busy(submit, false, t('new.submit'));
      error.append(problemBox(failed));
      error.scrollIntoView({ block: 'nearest' });
    }
  });
  view.append(h('section', { class: 'page narrow' }, pageHead(t('new.title')), h('p', { class: 'muted' }, t('new.intro')), form));
}

// ---------------------------------------------------------------- one shipment

function lineCount(doc) {
  return Array.isArray(doc && doc.lines) ? doc.lines.length : null;
}

function documentCards(bundle, findingsByDoc) {
  const keys = Object.keys(bundle || {}).filter((key) => bundle[key] && typeof bundle[key] === 'object');
  keys.sort((a, b) => {
    const ia = DOCUMENT_ORDER.indexOf(a);
    const ib = DOCUMENT_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  return h('ul', { class: 'doc-cards' }, keys.map((key) => {
    const doc = bundle[key];
    const facts = [];
    if (Array.isArray(doc)) {
      facts.push([t('doc.items'), doc.length]);
      const kinds = doc.map((a) => a && a.kind).filter(Boolean);
      if (kinds.length) facts.push([t('doc.kinds'), kinds.join(', ')]);
    } else {
      if (doc.no) facts.push([t('doc.no'), doc.no]);
      const lines = lineCount(doc);
      if (lines !== null) facts.push([t('doc.lines'), lines]);
      const total = doc.total_amount;
      if (total) facts.push([t('doc.total'), `${total}${doc.currency ? ` ${doc.currency}` : ''}`]);
      if (doc.gross_weight_kg) facts.push([t('doc.gross'), `${doc.gross_weight_kg} kg`]);
    }
    const count = findingsByDoc ? (findingsByDoc.get(key) || 0) : null;
    return h('li', { class: 'doc-card', 'data-document': key },
      h('h3', {}, docName(key)),
      h('dl', {}, facts.map(([label, value]) => [h('dt', {}, label), h('dd', {}, String(value))])),
      count === null ? null : h('p', { class: count ? 'doc-findings has' : 'doc-findings' },
        count ? tn('doc.findings', count) : t('doc.no_findings')));
  }));
}

function findingsPerDocument(run) {
  if (!run) return null;
  const counts = new Map();
  for (const bundle of run.report.reports || []) {
    for (const finding of bundle.findings || []) {
      const doc = (finding.path || '').split(/[.[]/)[0] || 'other';
      counts.set(doc, (counts.get(doc) || 0) + 1);
    }
  }
  return counts;
}

export async function shipment(view, ctx, id) {
  const path = `/api/v1/shipments/${encodeURIComponent(id)}`;
  const [doc, history, rules] = await Promise.all([
    api('GET', path),
    api('GET', `${path}/history`),
    ctx.rules(),
  ]);
  let run = null;
  try {
    run = await api('GET', `${path}/findings`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  const clients = await clientNames(ctx);

  const docsBox = h('div');
  const findingsBox = h('div', { id: 'findings' });
  const checkError = h('div', { class: 'form-error' });
  const checkButton = ctx.can('check')
    ? h('button', { type: 'button', class: 'button primary', id: 'run-check' }, t('check.run'))
    : null;

  const showRun = () => {
    clear(docsBox).append(documentCards(doc.bundle, findingsPerDocument(run)));
    clear(findingsBox);
    if (!run) {
      findingsBox.append(h('p', { class: 'panel panel-info' }, t('check.none_yet')));
      return;
    }
    findingsBox.append(
      h('p', { class: 'muted run-meta' }, t('check.meta', { time: formatTime(run.created_at), v: run.version }),
        run.version < doc.latest_version ? h('span', { class: 'badge badge-stale' }, t('check.stale')) : null),
      renderReport(run.report, rules));
  };

  if (checkButton) {
    checkButton.addEventListener('click', async () => {
      clear(checkError);
      busy(checkButton, true, t('check.busy'));
      findingsBox.setAttribute('aria-busy', 'true');
      try {
        await api('POST', `${path}/check`);
        run = await api('GET', `${path}/findings`);
        showRun();
        ctx.toast(t('check.done', { e: run.errors, w: run.warnings }));
        const heading = document.getElementById('findings-heading');
        if (heading) heading.focus();
      } catch (failed) {
        checkError.append(problemBox(failed));
      } finally {
        findingsBox.removeAttribute('aria-busy');
        busy(checkButton, false, t('check.run'));
      }
    });
  }

  const meta = h('dl', { class: 'meta' },
    h('dt', {}, t('col.direction')), h('dd', {}, directionLabel(doc.direction)),
    h('dt', {}, t('col.version')), h('dd', {}, `v${doc.latest_version}`),
    h('dt', {}, t('col.client')), h('dd', {}, (doc.client_id && (clients.get(doc.client_id) || doc.client_id)) || '—'),
    h('dt', {}, t('col.created')), h('dd', {}, formatTime(doc.created_at)),
    h('dt', {}, t('col.updated')), h('dd', {}, formatTime(doc.updated_at)),
    doc.archived_at ? [h('dt', {}, t('shipment.archived')), h('dd', {}, formatTime(doc.archived_at))] : null,
    h('dt', {}, t('shipment.id')), h('dd', {}, h('code', {}, doc.id)));

  const versions = h('table', { class: 'table', id: 'history-table' },
    h('caption', { class: 'visually-hidden' }, t('history.title')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('col.version')),
      h('th', { scope: 'col' }, t('history.when')),
      h('th', { scope: 'col' }, t('history.by')),
      h('th', { scope: 'col' }, t('history.digest')),
      h('th', { scope: 'col' }, t('history.original')))),
    h('tbody', {}, [...history].reverse().map((v) => h('tr', {},
      h('th', { scope: 'row', class: 'num' }, `v${v.version}`),
      h('td', {}, formatTime(v.created_at)),
      h('td', {}, h('code', { class: 'small' }, v.created_by)),
      h('td', {}, h('code', { class: 'small', title: v.digest }, v.digest.slice(0, 12))),
      h('td', {}, v.document_id
        ? h('a', { href: `${path}/documents/${encodeURIComponent(v.document_id)}`, download: '' }, t('history.download'))
        : '—')))));

  view.append(h('section', { class: 'page' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/shipments' }, `← ${t('nav.back_to_list')}`)),
    pageHead(doc.reference || doc.id, checkButton),
    checkError,
    meta,
    h('section', { class: 'block', 'aria-labelledby': 'docs-heading' },
      h('h2', { id: 'docs-heading' }, t('shipment.documents')), docsBox),
    h('section', { class: 'block', 'aria-labelledby': 'findings-heading' },
      h('h2', { id: 'findings-heading', tabindex: '-1' }, t('shipment.findings')), findingsBox),
    h('section', { class: 'block', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading' }, t('history.title')), h('div', { class: 'table-wrap' }, versions))));
  showRun();
}

// ---------------------------------------------------------------- quick check

export async function quickCheck(view, ctx) {
  const text = h('textarea', { id: 'check-json', rows: 14, spellcheck: 'false', class: 'code-input', 'aria-describedby': 'check-json-hint' });
  const file = h('input', { id: 'check-file', type: 'file', accept: '.json,application/json' });
  file.addEventListener('change', async () => {
    const chosen = file.files && file.files[0];
    if (chosen) text.value = await chosen.text();
  });
  const error = h('div', { class: 'form-error' });
  const result = h('div', { id: 'check-result', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'check-submit' }, t('check.run'));
  const form = h('form', { class: 'stack', novalidate: true },
    field('check-json', t('quick.json_label'), text, t('quick.json_hint')),
    field('check-file', t('quick.file_label'), file),
    error,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(error);
    if (!text.value.trim()) {
      error.append(problemBox(new ApiError(422, { detail: t('new.missing_json') })));
      text.focus();
      return;
    }
    busy(submit, true, t('check.busy'));
    try {
      const [report, rules] = await Promise.all([api('POST', '/api/v1/check', { json: text.value }), ctx.rules()]);
      clear(result).append(h('h2', { id: 'quick-result', tabindex: '-1' }, t('quick.result')), renderReport(report, rules));
      document.getElementById('quick-result').focus();
    } catch (failed) {
      clear(result);
      error.append(problemBox(failed));
    } finally {
      busy(submit, false, t('check.run'));
    }
  });
  view.append(h('section', { class: 'page' }, pageHead(t('quick.title')), h('p', { class: 'muted' }, t('quick.intro')), form, result));
}

// ---------------------------------------------------------------- API keys

export async function apiKeys(view, ctx) {
  const keys = await api('GET', '/api/v1/api-keys');
  const error = h('div', { class: 'form-error' });
  const body = h('tbody');
  for (const key of keys) {
    const revoke = key.revoked_at ? null : h('button', { type: 'button', class: 'button danger small' }, t('keys.revoke'));
    if (revoke) {
      revoke.addEventListener('click', async () => {
        if (!window.confirm(t('keys.confirm', { label: key.label || key.id }))) return;
        clear(error);
        busy(revoke, true);
        try {
          await api('DELETE', `/api/v1/api-keys/${encodeURIComponent(key.id)}`);
          ctx.toast(t('keys.revoked_toast'));
          ctx.focusHeading = false;
          ctx.navigate('#/keys');
        } catch (failed) {
          busy(revoke, false);
          error.append(problemBox(failed));
        }
      });
    }
    body.append(h('tr', {},
      h('th', { scope: 'row' }, key.label || '—'),
      h('td', {}, key.username),
      h('td', {}, h('code', { class: 'small' }, key.id)),
      h('td', {}, formatTime(key.created_at)),
      h('td', {}, key.revoked_at
        ? h('span', { class: 'badge badge-none' }, t('keys.revoked_at', { time: formatTime(key.revoked_at) }))
        : h('span', { class: 'badge badge-ok' }, t('keys.active'))),
      h('td', {}, revoke)));
  }
  view.append(h('section', { class: 'page' },
    pageHead(t('keys.title')),
    h('p', { class: 'muted' }, t('keys.intro')),
    error,
    keys.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('keys.label')),
        h('th', { scope: 'col' }, t('keys.user')),
        h('th', { scope: 'col' }, t('keys.id')),
        h('th', { scope: 'col' }, t('keys.created')),
        h('th', { scope: 'col' }, t('col.state')),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('keys.actions'))))),
      body)) : h('p', { class: 'empty' }, t('keys.empty'))));
}
