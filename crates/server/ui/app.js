// The shell: the header (navigation, language switch, who is logged in, log out), the
// hash router, the session remembered in localStorage, and the rule catalogue cache.

import { h, clear, $ } from './dom.js';
import { t, getLang, setLang, applyLang } from './i18n.js';
import { api, onUnauthorized } from './api.js';
import * as pages from './pages.js';

const SESSION_KEY = 'declarant.session';

/** What each role may do, as the server's authorisation table says (the server decides). */
const CAN = {
  write: ['administrator', 'declarant_staff'],
  check: ['administrator', 'declarant_staff', 'client_reviewer'],
  clients: ['administrator', 'declarant_staff', 'auditor'],
  admin: ['administrator'],
};

function loadSession() {
  try {
    return JSON.parse(window.localStorage.getItem(SESSION_KEY) || 'null');
  } catch (error) {
    return null;
  }
}

const ctx = {
  session: loadSession(),
  rulesCache: new Map(),
  setSession(session) {
    ctx.session = session;
    if (session) window.localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else window.localStorage.removeItem(SESSION_KEY);
    renderHeader();
  },
  /** Whether the logged-in role may do `what` (unknown role: show it, the server decides). */
  can(what) {
    const role = ctx.session && ctx.session.role;
    return !role || (CAN[what] || []).includes(role);
  },
  navigate(hash) {
    if (window.location.hash === hash) route();
    else window.location.hash = hash;
  },
  /** The rule catalogue in the current language: code → {title, fix, severity}. */
  async rules() {
    const lang = getLang();
    if (!ctx.rulesCache.has(lang)) {
      const promise = api('GET', '/api/v1/rules')
        .then((list) => new Map(list.map((rule) => [rule.code, rule])))
        .catch(() => {
          ctx.rulesCache.delete(lang);
          return new Map();
        });
      ctx.rulesCache.set(lang, promise);
    }
    return ctx.rulesCache.get(lang);
  },
  toast(message) {
    const toast = $('#toast');
    toast.textContent = message;
    toast.classList.add('shown');
    window.clearTimeout(ctx.toastTimer);
    ctx.toastTimer = window.setTimeout(() => toast.classList.remove('shown'), 4000);
  },
  expired: false,
};

const ROUTES = [
  [/^#\/login$/, pages.login, false],
  [/^#\/shipments\/new$/, pages.newShipment, true],
  [/^#\/shipments\/([A-Za-z0-9_-]+)$/, pages.shipment, true],
  [/^#\/shipments$/, pages.shipments, true],
  [/^#\/check$/, pages.quickCheck, true],
  [/^#\/keys$/, pages.apiKeys, true],
];

const NAV = [
  ['#/shipments', 'nav.shipments', null],
  ['#/shipments/new', 'nav.new', 'write'],
  ['#/check', 'nav.check', null],
  ['#/keys', 'nav.keys', 'admin'],
];

function renderHeader() {
  applyLang();
  const nav = $('#nav');
  clear(nav);
  const current = window.location.hash || '';
  const loggedIn = Boolean(ctx.session);
  nav.hidden = !loggedIn;
  if (loggedIn) {
    const list = h('ul');
    for (const [href, key, need] of NAV) {
      if (need && !ctx.can(need)) continue;
      const active = current === href || (href === '#/shipments' && /^#\/shipments\/(?!new$)/.test(current));
      list.append(h('li', {}, h('a', { href, 'aria-current': active ? 'page' : null }, t(key))));
    }
    nav.append(list);
  }
  nav.setAttribute('aria-label', t('nav.label'));
  const who = $('#who');
  who.hidden = !loggedIn;
  who.textContent = loggedIn
    ? `${ctx.session.username || ''}${ctx.session.role ? ` · ${t(`role.${ctx.session.role}`)}` : ''}`
    : '';
  const logout = $('#logout');
  logout.hidden = !loggedIn;
  logout.textContent = t('nav.logout');
  $('#skip-link').textContent = t('nav.skip');
  for (const button of document.querySelectorAll('#lang-switch button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === getLang()));
  }
}

let renderCount = 0;

async function route() {
  const hash = window.location.hash || '';
  let match = null;
  for (const [pattern, page, needsSession] of ROUTES) {
    const found = hash.match(pattern);
    if (found) {
      match = { page, params: found.slice(1), needsSession };
      break;
    }
  }
  if (!match) {
    window.location.replace(ctx.session ? '#/shipments' : '#/login');
    return;
  }
  if (match.needsSession && !ctx.session) {
    window.location.replace('#/login');
    return;
  }
  if (!match.needsSession && ctx.session && match.page === pages.login) {
    window.location.replace('#/shipments');
    return;
  }
  renderHeader();
  const main = $('#main');
  const view = h('div', { class: 'view' });
  const ticket = ++renderCount;
  clear(main).append(view);
  try {
    await match.page(view, ctx, ...match.params.map(decodeURIComponent));
  } catch (error) {
    if (ticket === renderCount) {
      clear(view).append(pages.failure(error));
    }
  }
  if (ticket === renderCount) {
    const heading = view.querySelector('h1');
    if (heading && ctx.focusHeading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    }
    ctx.focusHeading = true;
  }
}

onUnauthorized(() => {
  if (!ctx.session) return;
  ctx.setSession(null);
  ctx.expired = true;
  window.location.hash = '#/login';
});

function start() {
  applyLang();
  for (const button of document.querySelectorAll('#lang-switch button')) {
    button.addEventListener('click', () => {
      if (button.dataset.lang === getLang()) return;
      setLang(button.dataset.lang);
      ctx.focusHeading = false;
      route();
    });
  }
  $('#logout').addEventListener('click', async () => {
    try {
      await api('POST', '/api/v1/logout', { quiet401: true });
    } catch (error) {
      // Logged out already, or the server is gone: forget the session either way.
    }
    ctx.setSession(null);
    ctx.loggedOut = true;
    window.location.hash = '#/login';
  });
  window.addEventListener('hashchange', route);
  ctx.focusHeading = false;
  route();
}

start();
