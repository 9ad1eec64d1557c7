// A check report (CONTRACT §3) as findings grouped by document, each with its severity,
// rule code, field, expected and actual values, message and how to fix it.

import { h } from './dom.js';
import { t, tn, docName, getLang } from './i18n.js';

/** The order documents are shown in; others follow in order of appearance. */
export const DOCUMENT_ORDER = [
  'declaration', 'invoice', 'packing_list', 'contract', 'bill_of_lading',
  'agent_certificate', 'agency_agreement', 'certificate_of_origin', 'attachments',
];

const SEVERITIES = ['error', 'warning', 'info'];

/** The document a finding's JSON path points into (`invoice.lines[1].amount` → invoice). */
export function documentOf(finding) {
  const path = finding.path || '';
  const head = path.split(/[.[]/)[0];
  if (head) return head;
  return (finding.documents && finding.documents[0]) || 'other';
}

export function severityBadge(severity) {
  const known = SEVERITIES.includes(severity) ? severity : 'info';
  return h('span', { class: `sev sev-${known}` }, t(`sev.${known}`));
}

/** `text with `code` in it` → text nodes and <code> elements. */
function inlineCode(text) {
  return text.split('`').map((part, index) => (index % 2 ? h('code', {}, part) : part));
}

/** The "How to fix" Markdown of a rule page as paragraphs and list items. */
export function fixText(markdown) {
  const box = h('div', { class: 'fix' });
  let list = null;
  for (const raw of (markdown || '').split('\n')) {
    const line = raw.trim();
    if (!line) {
      list = null;
      continue;
    }
    const item = line.match(/^(?:\d+\.|[-*])\s+(.*)$/);
    if (item) {
      if (!list) {
        list = h(/^\d/.test(line) ? 'ol' : 'ul');
        box.append(list);
      }
      list.append(h('li', {}, inlineCode(item[1])));
    } else if (list && raw.startsWith(' ')) {
      list.lastChild.append(' ', ...inlineCode(line));
    } else {
      list = null;
      box.append(h('p', {}, inlineCode(line)));
    }
  }
  return box;
}

function findingCard(finding, rules) {
  const rule = rules.get(finding.rule) || {};
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, t('finding.field')), h('dd', {}, h('code', { class: 'path' }, finding.path || '—')));
  if (finding.expected !== undefined && finding.expected !== null) {
    facts.append(h('dt', {}, t('finding.expected')), h('dd', { class: 'expected' }, finding.expected));
  }
  if (finding.actual !== undefined && finding.actual !== null) {
    facts.append(h('dt', {}, t('finding.actual')), h('dd', { class: 'actual' }, finding.actual));
  }
  if (finding.documents && finding.documents.length) {
    facts.append(h('dt', {}, t('finding.documents')),
      h('dd', {}, finding.documents.map(docName).join(t('list.separator'))));
  }
  return h('article', { class: `finding finding-${finding.severity}`, 'data-rule': finding.rule },
    h('header', { class: 'finding-head' },
      severityBadge(finding.severity),
      h('code', { class: 'rule-code' }, finding.rule),
      rule.title ? h('span', { class: 'rule-title' }, rule.title) : null),
    h('p', { class: 'message' }, finding.message),
    facts,
    rule.fix ? h('details', { class: 'how-to-fix' },
      h('summary', {}, t('finding.fix')), fixText(rule.fix)) : null);
}

/** Counts as badges: 2 errors · 1 warning · 0 notes. */
export function summaryLine(summary) {
  const s = summary || {};
  return h('p', { class: 'summary' },
    h('span', { class: 'count count-error' }, tn('summary.errors', s.errors || 0)),
    h('span', { class: 'count count-warning' }, tn('summary.warnings', s.warnings || 0)),
    h('span', { class: 'count count-info' }, tn('summary.infos', s.infos || 0)));
}

/** The whole report; `rules` maps a rule code to {title, fix}. */
export function renderReport(report, rules) {
  const findings = (report.reports || []).flatMap((bundle) => bundle.findings || []);
  const box = h('div', { class: 'report' }, summaryLine(report.summary));
  const inputErrors = report.input_errors || [];
  if (inputErrors.length) {
    box.append(h('div', { class: 'panel panel-error', role: 'alert' },
      h('h3', {}, t('report.input_errors')),
      h('ul', {}, inputErrors.map((e) => h('li', {}, h('code', {}, e.path || ''), ' ', e.message || '')))));
  }
  if (!findings.length) {
    box.append(h('p', { class: 'panel panel-ok' }, t('report.clean')));
    return box;
  }
  // A stored run keeps the messages of the language it ran in; say so when it is the other.
  const chinese = /[\u4e00-\u9fff]/.test(findings[0].message || '');
  if (chinese !== (getLang() === 'zh')) {
    box.append(h('p', { class: 'panel panel-info other-lang' }, t('report.other_lang')));
  }
  const groups = new Map();
  for (const finding of findings) {
    const doc = documentOf(finding);
    if (!groups.has(doc)) groups.set(doc, []);
    groups.get(doc).push(finding);
  }
  const order = [...groups.keys()].sort((a, b) => {
    const ia = DOCUMENT_ORDER.indexOf(a);
    const ib = DOCUMENT_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  for (const doc of order) {
    const list = groups.get(doc);
    box.append(h('section', { class: 'doc-group', 'data-document': doc },
      h('h3', {}, docName(doc), ' ', h('span', { class: 'muted' }, t('report.count', { n: list.length }))),
      list.map((finding) => findingCard(finding, rules))));
  }
  return box;
}
