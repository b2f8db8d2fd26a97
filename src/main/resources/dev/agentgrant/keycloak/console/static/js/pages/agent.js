// One agent (GET/PUT /admin/realms/{realm}/agent-grant/agents/{clientId}): every agent-grant.* attribute, with the
// problems that keep the agent from working shown next to their fields; suspend and resume; removing the profile
// (after confirmation: its grants end); and a link to its grants. Admins who may only view clients see the same
// values, read-only, and no controls.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api, adminUrl } from '../api.js';
import { href, navigate } from '../router.js';
import { button } from '../ui/form.js';
import { fieldRegistry } from '../ui/fields.js';
import { confirm } from '../ui/dialog.js';
import { failure, flash } from '../ui/alerts.js';
import { profileFieldsets, profileAttributes } from '../agent-options.js';
import { agentState } from './agents.js';

export function breadcrumb(realm, current) {
  return h('nav', { class: 'pf-v5-c-breadcrumb', 'aria-label': t('breadcrumb') },
    h('ol', { class: 'pf-v5-c-breadcrumb__list', role: 'list' },
      h('li', { class: 'pf-v5-c-breadcrumb__item' }, h('a', { class: 'pf-v5-c-breadcrumb__link', href: href(realm, 'agents') }, t('agents.title'))),
      h('li', { class: 'pf-v5-c-breadcrumb__item' }, h('span', { class: 'pf-v5-c-breadcrumb__item-divider' }, '›'),
        h('span', { class: 'pf-v5-c-breadcrumb__link pf-m-current', 'aria-current': 'page' }, current))));
}

function agentUrl(realm, clientId, ...more) {
  return adminUrl(realm, ['agent-grant', 'agents', clientId, ...more]);
}

function actions(realm, agent, reload) {
  const bar = h('div', { class: 'ag-actions' });
  const action = agent.suspended ? 'resume' : 'suspend';
  bar.append(button(t(`agent.action.${action}`), {
    id: `ag-${action}`,
    onclick: async () => {
      if (action === 'suspend') {
        const yes = await confirm({ title: t('agent.suspend.title'), text: t('agent.suspend.text', agent.client_id), confirmLabel: t('agent.action.suspend') });
        if (!yes) return;
      }
      try {
        await api.post(agentUrl(realm, agent.client_id, action));
        flash(t(`agent.${action}d`, agent.client_id));
        reload();
      } catch (error) {
        failure(error);
      }
    },
  }), button(t('agent.action.remove'), {
    id: 'ag-remove-profile',
    danger: true,
    onclick: async () => {
      const yes = await confirm({ title: t('agent.remove.title'), text: t('agent.remove.text', agent.client_id, agent.active_grants), confirmLabel: t('agent.action.remove') });
      if (!yes) return;
      try {
        const answer = await api.delete(agentUrl(realm, agent.client_id, 'profile'));
        flash(t('agent.removed', agent.client_id, answer.revoked, answer.denied));
        navigate(href(realm, 'agents'));
      } catch (error) {
        failure(error);
      }
    },
  }));
  return bar;
}

async function render(container, { realm, params, access, reload }) {
  const agent = await api.get(agentUrl(realm, params.clientId));
  const manage = access.manage_agents;
  const registry = fieldRegistry();
  const form = h('form', { class: 'pf-v5-c-form ag-form', novalidate: true, 'aria-label': t('agent.profile') },
    registry.summary,
    profileFieldsets(registry, agent.attributes, !manage),
    manage ? h('div', { class: 'pf-v5-c-form__group pf-m-action' },
      h('div', { class: 'pf-v5-c-form__actions' },
        button(t('agent.save'), { variant: 'primary', type: 'submit', id: 'ag-save-agent' }))) : null);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!manage) return;
    try {
      await api.put(agentUrl(realm, agent.client_id), { attributes: profileAttributes(registry) });
      flash(t('agent.saved', agent.client_id));
      reload();
    } catch (error) {
      if (error.problems.length) registry.showProblems(error.problems);
      else failure(error);
    }
  });
  replace(container,
    breadcrumb(realm, agent.client_id),
    h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, h('span', { class: 'ag-break' }, agent.client_id), ' ', agentState(agent)),
    agent.name ? h('p', { class: 'ag-intro' }, h('bdi', {}, agent.name)) : null,
    manage ? actions(realm, agent, reload) : null,
    h('p', {}, h('a', { href: href(realm, 'grants', { agent: agent.client_id }), id: 'ag-agent-grants' }, t('agent.grants', agent.active_grants))),
    form);
  // The problems the agent has as stored (a client that is not confidential, an attribute that does not read) show
  // as a refused save would, without moving the focus away from the heading.
  if (agent.problems.length) {
    registry.showProblems(agent.problems, t('agent.storedProblems', agent.problems.length));
  }
}

export default { path: 'agents/:clientId', title: 'agent.title', nav: null, render };
