// One attestation source or realm policy: created, changed or deleted through Keycloak's component API, with a field
// per option of its type as the server describes it (label, help text, kind). A refused save shows every problem
// the type's validator found, each next to its option. Admins who may only view the realm see it read-only.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { button } from '../ui/form.js';
import { field, fieldset, fieldRegistry } from '../ui/fields.js';
import { confirm } from '../ui/dialog.js';
import { failure, flash } from '../ui/alerts.js';
import {
  SOURCE_TYPE, POLICY_TYPE, componentTypes, getComponent, createComponent, updateComponent, deleteComponent, kindOf, componentProblems,
} from '../components.js';

function breadcrumb(realm, current) {
  return h('nav', { class: 'pf-v5-c-breadcrumb', 'aria-label': t('breadcrumb') },
    h('ol', { class: 'pf-v5-c-breadcrumb__list', role: 'list' },
      h('li', { class: 'pf-v5-c-breadcrumb__item' }, h('a', { class: 'pf-v5-c-breadcrumb__link', href: href(realm, 'attestation') }, t('attestation.title'))),
      h('li', { class: 'pf-v5-c-breadcrumb__item' }, h('span', { class: 'pf-v5-c-breadcrumb__item-divider' }, '›'),
        h('span', { class: 'pf-v5-c-breadcrumb__link pf-m-current', 'aria-current': 'page' }, current))));
}

/** The option's stored value as its field shows it. */
function shown(property, config, isNew) {
  const stored = config[property.name];
  const kind = kindOf(property.type);
  if (stored === undefined) {
    if (!isNew || property.defaultValue === undefined || property.defaultValue === null) return kind === 'lines' ? [] : '';
    return kind === 'lines' && !Array.isArray(property.defaultValue) ? [String(property.defaultValue)] : property.defaultValue;
  }
  return kind === 'lines' ? stored : (stored[0] || '');
}

/** The option's field value as the component's config holds it: a list of strings, or nothing. */
function stored(f, kind) {
  const value = f.value();
  if (kind === 'checkbox') return [String(value)];
  if (kind === 'lines') return value.length ? value : undefined;
  return value === '' ? undefined : [value];
}

function renderer(kind) {
  const providerType = kind === 'sources' ? SOURCE_TYPE : POLICY_TYPE;
  return async function render(container, { realm, params, query, access }) {
    const isNew = params.id === 'new';
    const manage = access.manage_attestation;
    const types = await componentTypes(providerType);
    const component = isNew ? { name: '', providerId: query.type || (types.length === 1 ? types[0].id : ''), config: {} } : await getComponent(realm, params.id);
    const title = isNew ? t(`component.${kind}.new`) : component.name;
    replace(container, breadcrumb(realm, title), h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, title));
    if (isNew && !manage) {
      container.append(h('p', {}, t('attestation.noManage')));
      return;
    }
    if (isNew && !component.providerId) {
      // First the type, whose options the form then shows.
      container.append(h('p', { class: 'ag-intro' }, t('component.chooseType')),
        h('ul', { class: 'pf-v5-c-list ag-types', role: 'list' }, types.map((type) => h('li', {},
          h('a', { href: href(realm, `attestation/${kind}/new`, { type: type.id }), 'data-type': type.id }, type.id),
          type.helpText ? ` — ${type.helpText}` : ''))));
      return;
    }
    const type = types.find((candidate) => candidate.id === component.providerId);
    if (!type) {
      container.append(h('p', { class: 'ag-note' }, t('component.unknownType', component.providerId)));
      return;
    }
    const registry = fieldRegistry();
    const kinds = new Map(type.properties.map((property) => [property.name, kindOf(property.type)]));
    const form = h('form', { class: 'pf-v5-c-form ag-form', novalidate: true, 'aria-label': title },
      registry.summary,
      h('p', { class: 'ag-intro' }, `${type.id}: ${type.helpText || ''}`),
      fieldset(t('component.identity'),
        registry.add(field({ name: 'name', label: t(`component.${kind}.name`), help: t(`component.${kind}.nameHelp`), value: component.name, readonly: !manage }))),
      fieldset(t('component.options'), type.properties.map((property) => registry.add(field({
        name: property.name,
        label: property.label || property.name,
        help: property.helpText,
        kind: kinds.get(property.name),
        value: shown(property, component.config || {}, isNew),
        options: (property.options || []).map((option) => ({ value: option, label: option })),
        readonly: !manage,
      })))),
      manage ? h('div', { class: 'pf-v5-c-form__group pf-m-action' },
        h('div', { class: 'pf-v5-c-form__actions' },
          button(isNew ? t('component.create') : t('component.save'), { variant: 'primary', type: 'submit', id: 'ag-save-component' }),
          isNew ? null : button(t('component.delete'), {
            id: 'ag-delete-component',
            danger: true,
            onclick: async () => {
              const yes = await confirm({ title: t('component.delete.title'), text: t(`component.${kind}.deleteText`, component.name), confirmLabel: t('component.delete') });
              if (!yes) return;
              try {
                await deleteComponent(realm, component.id);
                flash(t('component.deleted', component.name));
                navigate(href(realm, 'attestation'));
              } catch (error) {
                failure(error);
              }
            },
          }),
          h('a', { class: 'pf-v5-c-button pf-m-link', href: href(realm, 'attestation') }, t('cancel')))) : null);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const config = {};
      for (const property of type.properties) {
        const value = stored(registry.get(property.name), kinds.get(property.name));
        if (value !== undefined) config[property.name] = value;
      }
      const body = { name: registry.get('name').value(), providerId: type.id, providerType, config };
      try {
        if (isNew) {
          await createComponent(realm, body);
        } else {
          await updateComponent(realm, component.id, { ...body, id: component.id, parentId: component.parentId });
        }
        flash(t('component.saved', body.name));
        navigate(href(realm, 'attestation'));
      } catch (error) {
        if (error.status === 400) registry.showProblems(componentProblems(error.message, ['name', ...kinds.keys()]));
        else failure(error);
      }
    });
    container.append(form);
  };
}

export const sourcePage = { path: 'attestation/sources/:id', title: 'component.sources.title', nav: null, render: renderer('sources') };
export const policyPage = { path: 'attestation/policies/:id', title: 'component.policies.title', nav: null, render: renderer('policies') };
