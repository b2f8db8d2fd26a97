// Agents: the realm's agent clients (GET /admin/realms/{realm}/agent-grant/agents), searched by client_id or name and
// filtered by owner, suspension and whether they hold active grants, in pages. Admins who may manage clients start
// a new agent from here.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api, adminUrl } from '../api.js';
import { href, navigate } from '../router.js';
import { table, pager } from '../ui/table.js';
import { textField, selectField, values, button } from '../ui/form.js';

const PAGE_SIZE = 20;

function yesNo(name, label, value) {
  return selectField({
    name, label, value: value || '',
    options: [{ value: '', label: t('agents.filter.any') }, { value: 'true', label: t('agents.filter.yes') }, { value: 'false', label: t('agents.filter.no') }],
  });
}

function filterForm(realm, query) {
  const form = h('form', { class: 'pf-v5-c-form ag-filters', 'aria-label': t('agents.filters'), novalidate: true },
    textField({ name: 'search', label: t('agents.filter.search'), value: query.search || '' }),
    textField({ name: 'owner', label: t('agents.filter.owner'), value: query.owner || '', help: t('agents.filter.ownerHelp') }),
    yesNo('suspended', t('agents.filter.suspended'), query.suspended),
    yesNo('active', t('agents.filter.active'), query.active),
    h('div', { class: 'pf-v5-c-form__group pf-m-action' },
      h('div', { class: 'pf-v5-c-form__actions' },
        button(t('agents.filter.apply'), { variant: 'primary', type: 'submit', id: 'ag-agents-apply' }),
        button(t('agents.filter.reset'), { variant: 'link', onclick: () => navigate(href(realm, 'agents')) }))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = values(form);
    navigate(href(realm, 'agents', { search: chosen.search, owner: chosen.owner, suspended: chosen.suspended, active: chosen.active }));
  });
  return form;
}

export function agentState(agent) {
  if (agent.suspended) return h('span', { class: 'pf-v5-c-label pf-m-orange' }, h('span', { class: 'pf-v5-c-label__content' }, t('agents.state.suspended')));
  if (!agent.usable) return h('span', { class: 'pf-v5-c-label pf-m-red' }, h('span', { class: 'pf-v5-c-label__content' }, t('agents.state.problems')));
  return h('span', { class: 'pf-v5-c-label pf-m-green' }, h('span', { class: 'pf-v5-c-label__content' }, t('agents.state.usable')));
}

async function render(container, { realm, query, access }) {
  replace(container, h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, t('agents.title')),
    h('p', { class: 'ag-intro' }, t('agents.intro')));
  if (!access.view_agents) {
    container.append(h('p', {}, t('agents.noAccess')));
    return;
  }
  if (access.manage_agents) {
    container.append(h('div', { class: 'ag-actions' },
      h('a', { class: 'pf-v5-c-button pf-m-primary', href: href(realm, 'new-agent'), id: 'ag-new-agent' }, t('agents.new'))));
  }
  container.append(filterForm(realm, query));
  const first = Number.parseInt(query.first || '0', 10) || 0;
  const page = await api.get(adminUrl(realm, ['agent-grant', 'agents'], {
    search: query.search, owner: query.owner, suspended: query.suspended, active: query.active, first, max: PAGE_SIZE,
  }));
  container.append(table({
    caption: t('agents.caption'),
    columns: [
      { title: t('agent.field.clientId'), cell: (a) => h('a', { href: href(realm, `agents/${encodeURIComponent(a.client_id)}`), class: 'ag-break' }, a.client_id) },
      { title: t('agent.field.name'), cell: (a) => (a.name ? h('bdi', {}, a.name) : '—') },
      { title: t('agent.field.owners'), cell: (a) => (a.owners.length ? a.owners.join(', ') : '—') },
      { title: t('agent.field.state'), cell: (a) => agentState(a) },
      { title: t('agent.field.problems'), cell: (a) => String(a.problem_count) },
      { title: t('agent.field.activeGrants'), cell: (a) => h('a', { href: href(realm, 'grants', { agent: a.client_id, status: 'APPROVED' }), 'aria-label': t('agents.grantsOf', a.active_grants, a.client_id) }, String(a.active_grants)) },
    ],
    rows: page.agents,
    empty: t('agents.none'),
  }), pager({ first, max: PAGE_SIZE, more: page.agents.length === PAGE_SIZE, onPage: (next) => navigate(href(realm, 'agents', { ...query, first: next })) }));
}

export default { path: 'agents', title: 'agents.title', nav: 'nav.agents', render };
