// One grant: what was asked and approved, how the person signed in to approve, its evidence, and its audit trail as a
// timeline (request, decision, every token minted or refused, the end). Admins who may manage users revoke it here;
// admins who may manage clients suspend or resume its agent.
import { h, replace } from '../dom.js';
import { t, dateTime } from '../i18n.js';
import { api, adminUrl } from '../api.js';
import { href } from '../router.js';
import { statusLabel } from '../ui/table.js';
import { button } from '../ui/form.js';
import { confirm } from '../ui/dialog.js';
import { success, failure, flash } from '../ui/alerts.js';

function descriptionList(entries) {
  return h('dl', { class: 'pf-v5-c-description-list pf-m-horizontal pf-m-compact ag-fields' },
    entries.filter(([, value]) => value !== undefined && value !== null && value !== '').map(([label, value]) =>
      h('div', { class: 'pf-v5-c-description-list__group' },
        h('dt', { class: 'pf-v5-c-description-list__term' }, h('span', { class: 'pf-v5-c-description-list__text' }, label)),
        h('dd', { class: 'pf-v5-c-description-list__description' }, h('div', { class: 'pf-v5-c-description-list__text' }, value)))));
}

function section(title, ...children) {
  return h('section', { class: 'pf-v5-c-card ag-card', 'aria-label': title },
    h('div', { class: 'pf-v5-c-card__title' }, h('h2', { class: 'pf-v5-c-card__title-text' }, title)),
    h('div', { class: 'pf-v5-c-card__body' }, children));
}

/** The details of an audit record worth a line: reason, scope, token id, acr, sources. */
function auditSummary(entry, grant) {
  const details = entry.details && typeof entry.details === 'object' ? entry.details : {};
  const parts = [];
  for (const name of ['reason', 'scope', 'audience', 'token_id', 'attestation_sources', 'uses']) {
    if (details[name] !== undefined && details[name] !== null && details[name] !== '') {
      parts.push(`${name}: ${Array.isArray(details[name]) ? details[name].join(' ') : details[name]}`);
    }
  }
  if (entry.action === 'approved' && grant.approval_authentication) {
    const auth = grant.approval_authentication;
    if (auth.acr) parts.push(`acr: ${auth.acr}`);
    if (auth.auth_methods) parts.push(`${t('grant.authMethods')}: ${auth.auth_methods.join(', ')}`);
  }
  return parts.join(' · ');
}

function timeline(grant) {
  const audit = grant.audit || [];
  if (audit.length === 0) return h('p', {}, t('grant.timeline.empty'));
  return h('ol', { class: 'ag-timeline', 'aria-label': t('grant.timeline.title') },
    audit.map((entry) => h('li', { class: ['ag-timeline__item', `ag-timeline__item--${entry.outcome}`], 'data-action': entry.action },
      h('div', { class: 'ag-timeline__when' }, h('time', { datetime: new Date(entry.recorded_at * 1000).toISOString() }, dateTime(entry.recorded_at))),
      h('div', { class: 'ag-timeline__what' },
        h('strong', {}, t(`audit.${entry.action}`)),
        entry.outcome !== 'success' ? h('span', { class: 'pf-v5-c-label pf-m-red ag-outcome' }, h('span', { class: 'pf-v5-c-label__content' }, entry.outcome)) : null,
        h('div', { class: 'ag-timeline__who' }, t('grant.timeline.by', entry.actor_type, entry.actor_id || '—')),
        auditSummary(entry, grant) ? h('div', { class: 'ag-timeline__details' }, auditSummary(entry, grant)) : null))));
}

async function agentSuspended(realm, clientId, access) {
  if (!access.view_agents) return undefined;
  try {
    const clients = await api.get(adminUrl(realm, ['clients'], { clientId, first: 0, max: 2 }));
    const client = clients.find((c) => c.clientId === clientId);
    return client ? (client.attributes || {})['agent-grant.suspended'] === 'true' : undefined;
  } catch (error) {
    return undefined;
  }
}

async function render(container, { realm, params, access, reload }) {
  const grant = await api.get(adminUrl(realm, ['agent-grant', 'grants', params.id]));
  const suspended = await agentSuspended(realm, grant.agent_client_id, access);
  const actions = h('div', { class: 'ag-actions' });
  if (access.manage_grants && grant.status === 'APPROVED') {
    actions.append(button(t('grant.revoke'), {
      id: 'ag-revoke', danger: true, variant: 'primary',
      onclick: async () => {
        const yes = await confirm({ title: t('grant.revoke.title'), text: t('grant.revoke.text', grant.agent_client_id, grant.login_hint || grant.user_id || ''), confirmLabel: t('grant.revoke') });
        if (!yes) return;
        try {
          await api.post(adminUrl(realm, ['agent-grant', 'grants', grant.id, 'revoke']));
          flash(t('grant.revoked'));
          reload();
        } catch (error) {
          failure(error);
        }
      },
    }));
  }
  if (access.manage_agents && suspended !== undefined) {
    const action = suspended ? 'resume' : 'suspend';
    actions.append(button(t(`grant.agent.${action}`, grant.agent_client_id), {
      id: `ag-${action}-agent`,
      onclick: async () => {
        if (action === 'suspend') {
          const yes = await confirm({ title: t('grant.agent.suspend.title'), text: t('grant.agent.suspend.text', grant.agent_client_id), confirmLabel: t('grant.agent.suspend', grant.agent_client_id) });
          if (!yes) return;
        }
        try {
          await api.post(adminUrl(realm, ['agent-grant', 'agents', grant.agent_client_id, action]));
          flash(t(action === 'suspend' ? 'grant.agent.suspended' : 'grant.agent.resumed', grant.agent_client_id));
          reload();
        } catch (error) {
          failure(error);
        }
      },
    }));
  }
  const attestation = grant.attestation || {};
  replace(container,
    h('nav', { class: 'pf-v5-c-breadcrumb', 'aria-label': t('breadcrumb') },
      h('ol', { class: 'pf-v5-c-breadcrumb__list', role: 'list' },
        h('li', { class: 'pf-v5-c-breadcrumb__item' }, h('a', { class: 'pf-v5-c-breadcrumb__link', href: href(realm, 'grants') }, t('grants.title'))),
        h('li', { class: 'pf-v5-c-breadcrumb__item' }, h('span', { class: 'pf-v5-c-breadcrumb__item-divider' }, '›'),
          h('span', { class: 'pf-v5-c-breadcrumb__link pf-m-current', 'aria-current': 'page' }, t('grant.title'))))),
    h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, t('grant.title'), ' ', statusLabel(grant.status)),
    h('p', { class: 'ag-mono ag-grant-id' }, grant.id),
    actions,
    suspended ? h('p', { class: 'ag-note' }, t('grant.agent.isSuspended', grant.agent_client_id)) : null,
    h('div', { class: 'ag-columns' },
      section(t('grant.section.task'), descriptionList([
        [t('grant.field.person'), grant.login_hint || grant.user_id],
        [t('grant.field.userId'), grant.user_id],
        [t('grant.field.agent'), grant.agent_client_id],
        [t('grant.field.audience'), grant.audience],
        [t('grant.field.purpose'), h('bdi', {}, grant.purpose)],
        [t('grant.field.requestedScope'), grant.requested_scope],
        [t('grant.field.scope'), grant.scope],
        [t('grant.field.delegates'), (grant.delegates || []).join(' ')],
        [t('grant.field.uses'), `${grant.uses} / ${grant.max_uses}`],
        [t('grant.field.requestedAt'), dateTime(grant.requested_at)],
        [t('grant.field.decidedAt'), dateTime(grant.decided_at)],
        [t('grant.field.expiresAt'), dateTime(grant.expires_at)],
        [t('grant.field.endedAt'), dateTime(grant.ended_at)],
        [t('grant.field.endReason'), grant.end_reason],
        [t('grant.field.acr'), grant.approval_authentication && grant.approval_authentication.acr],
      ])),
      section(t('grant.section.evidence'), descriptionList([
        [t('grant.field.policy'), attestation.policy_id && `${attestation.policy_id} (${attestation.policy_version})`],
        [t('grant.field.sources'), (attestation.sources || []).join(', ')],
        [t('grant.field.instanceKey'), attestation.instance_jkt],
        ...Object.entries(attestation.facts || {}).map(([name, value]) => [name, h('bdi', {}, typeof value === 'string' ? value : JSON.stringify(value))]),
      ]))),
    section(t('grant.timeline.title'), timeline(grant)));
}

export default { path: 'grants/:id', title: 'grant.title', nav: null, render };
