// A new agent (POST /admin/realms/{realm}/agent-grant/agents): a new client set up as an agent, or an existing client
// made one, with its whole profile. The API judges everything at once; every problem shows next to its field.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api, adminUrl } from '../api.js';
import { href, navigate } from '../router.js';
import { button } from '../ui/form.js';
import { field, fieldset, fieldRegistry } from '../ui/fields.js';
import { failure, flash } from '../ui/alerts.js';
import { profileFieldsets, profileAttributes } from '../agent-options.js';
import { breadcrumb } from './agent.js';

function kindChoice(onChange) {
  const radio = (value, label, checked) => {
    const id = `ag-kind-${value}`;
    return h('div', { class: 'pf-v5-c-radio' },
      h('input', { class: 'pf-v5-c-radio__input', type: 'radio', name: 'new_client', id, value, checked, onchange: onChange }),
      h('label', { class: 'pf-v5-c-radio__label', for: id }, label));
  };
  return fieldset(t('newAgent.kind'),
    radio('true', t('newAgent.kind.new'), true),
    radio('false', t('newAgent.kind.existing'), false));
}

async function render(container, { realm, access }) {
  replace(container, breadcrumb(realm, t('newAgent.title')), h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, t('newAgent.title')),
    h('p', { class: 'ag-intro' }, t('newAgent.intro')));
  if (!access.manage_agents) {
    container.append(h('p', {}, t('agents.noManage')));
    return;
  }
  const registry = fieldRegistry();
  const nameField = field({ name: 'name', label: t('agent.field.name'), help: t('newAgent.nameHelp') });
  const form = h('form', { class: 'pf-v5-c-form ag-form', novalidate: true, 'aria-label': t('newAgent.title') },
    registry.summary,
    kindChoice((event) => { nameField.element.hidden = event.target.value !== 'true'; }),
    fieldset(t('newAgent.client'),
      registry.add(field({ name: 'client_id', label: t('agent.field.clientId'), help: t('newAgent.clientIdHelp') })),
      registry.add(nameField)),
    profileFieldsets(registry),
    h('div', { class: 'pf-v5-c-form__group pf-m-action' },
      h('div', { class: 'pf-v5-c-form__actions' },
        button(t('newAgent.create'), { variant: 'primary', type: 'submit', id: 'ag-create-agent' }),
        h('a', { class: 'pf-v5-c-button pf-m-link', href: href(realm, 'agents') }, t('cancel')))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const newClient = form.querySelector('input[name="new_client"]:checked').value === 'true';
    const body = { client_id: registry.get('client_id').value(), new_client: newClient, attributes: profileAttributes(registry) };
    const name = registry.get('name').value();
    if (newClient && name) body.name = name;
    try {
      const agent = await api.post(adminUrl(realm, ['agent-grant', 'agents']), body);
      flash(t('newAgent.created', agent.client_id));
      navigate(href(realm, `agents/${encodeURIComponent(agent.client_id)}`));
    } catch (error) {
      if (error.problems.length) registry.showProblems(error.problems);
      else failure(error);
    }
  });
  container.append(form);
}

export default { path: 'new-agent', title: 'newAgent.title', nav: null, render };
