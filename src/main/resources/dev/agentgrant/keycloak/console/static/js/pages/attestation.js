// Attestation: the realm's attestation sources with the state of their trust material
// (GET …/agent-grant/attestation/sources), its realm policies (components), and a Test panel that dry-runs a
// presentation for an agent (POST …/agent-grant/attestation/explain) and shows the verdict rule by rule.
import { h, replace } from '../dom.js';
import { t, dateTime } from '../i18n.js';
import { api, adminUrl } from '../api.js';
import { href } from '../router.js';
import { table } from '../ui/table.js';
import { button } from '../ui/form.js';
import { field, fieldRegistry } from '../ui/fields.js';
import { failure } from '../ui/alerts.js';
import { POLICY_TYPE, listComponents } from '../components.js';

function card(title, id, ...children) {
  const headingId = `${id}-title`;
  return h('section', { class: 'pf-v5-c-card ag-card', 'aria-labelledby': headingId, id },
    h('div', { class: 'pf-v5-c-card__title' }, h('h2', { class: 'pf-v5-c-card__title-text', id: headingId }, title)),
    h('div', { class: 'pf-v5-c-card__body' }, children));
}

function label(colour, text) {
  return h('span', { class: ['pf-v5-c-label', `pf-m-${colour}`] }, h('span', { class: 'pf-v5-c-label__content' }, text));
}

// The source status document is main's GET …/attestation/sources (docs/attestation.md, "Source status"):
// {id, name, provider_id, available, problem?, trust?: {origin, keys?, fetched_at?, last_attempt_at?, last_error?,
// usable_until?}}; what the server does not know is absent, never guessed.
function state(source) {
  if (source.available) return label('green', t('attestation.state.available'));
  return label('red', t('attestation.state.unavailable'));
}

function trustCell(source) {
  if (!source.available) return h('span', { class: 'ag-break' }, source.problem || '');
  const trust = source.trust;
  if (!trust) return t('attestation.trust.none');
  const parts = [h('div', {}, t(`attestation.trust.origin.${trust.origin}`))];
  parts.push(h('div', {}, trust.keys === undefined ? t('attestation.trust.noKeys') : t('attestation.trust.keys', trust.keys)));
  if (trust.fetched_at) parts.push(h('div', {}, t('attestation.trust.fetchedAt', dateTime(trust.fetched_at))));
  if (trust.last_attempt_at) parts.push(h('div', {}, t('attestation.trust.lastAttempt', dateTime(trust.last_attempt_at))));
  if (trust.usable_until) parts.push(h('div', {}, t('attestation.trust.usableUntil', dateTime(trust.usable_until))));
  if (trust.last_error) parts.push(h('div', { class: 'ag-note' }, t('attestation.trust.lastError', trust.last_error)));
  return h('div', { class: 'ag-trust ag-break' }, parts);
}

async function sourcesCard(realm, access) {
  const { sources } = await api.get(adminUrl(realm, ['agent-grant', 'attestation', 'sources']));
  return card(t('attestation.sources'), 'ag-sources',
    h('p', {}, t('attestation.sources.intro')),
    access.manage_attestation ? h('div', { class: 'ag-actions' },
      h('a', { class: 'pf-v5-c-button pf-m-primary', href: href(realm, 'attestation/sources/new'), id: 'ag-new-source' }, t('attestation.sources.new'))) : null,
    table({
      caption: t('attestation.sources'),
      columns: [
        { title: t('attestation.field.alias'), cell: (s) => h('a', { href: href(realm, `attestation/sources/${s.id}`) }, s.name) },
        { title: t('attestation.field.type'), cell: (s) => s.provider_id },
        { title: t('attestation.field.state'), cell: state },
        { title: t('attestation.field.trust'), cell: trustCell },
      ],
      rows: sources,
      empty: t('attestation.sources.none'),
    }));
}

async function policiesCard(realm, access) {
  const policies = await listComponents(realm, POLICY_TYPE);
  return card(t('attestation.policies'), 'ag-policies',
    h('p', {}, t('attestation.policies.intro')),
    access.manage_attestation ? h('div', { class: 'ag-actions' },
      h('a', { class: 'pf-v5-c-button pf-m-primary', href: href(realm, 'attestation/policies/new'), id: 'ag-new-policy' }, t('attestation.policies.new'))) : null,
    table({
      caption: t('attestation.policies'),
      columns: [
        { title: t('attestation.field.name'), cell: (p) => h('a', { href: href(realm, `attestation/policies/${p.id}`) }, p.name) },
        { title: t('attestation.field.policy'), cell: (p) => h('code', { class: 'ag-mono ag-break' }, ((p.config || {}).policy || [''])[0].slice(0, 120)) },
      ],
      rows: policies,
      empty: t('attestation.policies.none'),
    }));
}

function explanation(answer) {
  const verdict = answer.allowed
    ? h('p', { class: 'ag-verdict', 'data-allowed': 'true' }, label('green', t('attestation.test.allowed')), ' ', t('attestation.test.allowedBy', answer.policy || '', answer.policy_version || ''))
    : h('p', { class: 'ag-verdict', 'data-allowed': 'false' }, label('red', t('attestation.test.refused')), ' ',
      t('attestation.test.refusedAt', answer.stage, answer.reason), answer.source ? ` (${answer.source})` : '');
  const detail = answer.detail ? h('p', { class: 'ag-break' }, answer.detail) : null;
  const rules = answer.rules ? table({
    caption: t('attestation.test.rules'),
    columns: [
      { title: t('attestation.test.rule'), cell: (r) => h('span', { class: 'ag-mono' }, r.rule) },
      { title: t('attestation.test.outcome'), cell: (r) => label(r.outcome === 'failed' ? 'red' : r.outcome === 'passed' ? 'green' : 'grey', t(`attestation.outcome.${r.outcome}`)) },
      { title: t('attestation.test.detail'), cell: (r) => h('span', { class: 'ag-break' }, r.detail || '') },
      { title: t('attestation.test.sources'), cell: (r) => (r.sources || []).join(', ') },
    ],
    rows: answer.rules,
  }) : null;
  const facts = answer.facts && Object.keys(answer.facts).length
    ? h('dl', { class: 'pf-v5-c-description-list pf-m-horizontal pf-m-compact ag-fields', 'aria-label': t('attestation.test.facts') },
      Object.entries(answer.facts).map(([name, value]) => h('div', { class: 'pf-v5-c-description-list__group' },
        h('dt', { class: 'pf-v5-c-description-list__term' }, name),
        h('dd', { class: 'pf-v5-c-description-list__description ag-break' }, typeof value === 'string' ? value : JSON.stringify(value)))))
    : null;
  return [verdict, detail, rules, facts];
}

function testCard(realm, query) {
  const registry = fieldRegistry();
  const result = h('div', { class: 'ag-test-result', 'aria-live': 'polite', id: 'ag-test-result' });
  const form = h('form', { class: 'pf-v5-c-form', novalidate: true, 'aria-label': t('attestation.test') },
    registry.summary,
    registry.add(field({ name: 'client_id', label: t('attestation.test.agent'), help: t('attestation.test.agentHelp'), value: query.agent || '' })),
    registry.add(field({ name: 'presentation', label: t('attestation.test.presentation'), help: t('attestation.test.presentationHelp'), kind: 'textarea' })),
    h('div', { class: 'pf-v5-c-form__group pf-m-action' },
      h('div', { class: 'pf-v5-c-form__actions' }, button(t('attestation.test.run'), { variant: 'primary', type: 'submit', id: 'ag-test-run' }))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { client_id: registry.get('client_id').value(), presentation: registry.get('presentation').value() };
    const missing = Object.entries(body).filter(([, value]) => !value)
      .map(([name]) => ({ attribute: name, message: t('attestation.test.required') }));
    if (missing.length) {
      registry.showProblems(missing);
      return;
    }
    registry.clear();
    replace(result, h('p', { role: 'status' }, t('attestation.test.running')));
    try {
      replace(result, explanation(await api.post(adminUrl(realm, ['agent-grant', 'attestation', 'explain']), body)));
    } catch (error) {
      replace(result);
      failure(error);
    }
  });
  return card(t('attestation.test'), 'ag-test', h('p', {}, t('attestation.test.intro')), form, result);
}

async function render(container, { realm, query, access }) {
  replace(container, h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, t('attestation.title')),
    h('p', { class: 'ag-intro' }, t('attestation.intro')));
  if (access.view_attestation) {
    container.append(await sourcesCard(realm, access), await policiesCard(realm, access));
  } else {
    container.append(h('p', {}, t('attestation.noAccess')));
  }
  if (access.view_agents) container.append(testCard(realm, query));
}

export default { path: 'attestation', title: 'attestation.title', nav: 'nav.attestation', render };
