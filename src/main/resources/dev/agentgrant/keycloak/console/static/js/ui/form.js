// Labelled form fields in PatternFly's markup: every field has a <label for>, help text is tied with
// aria-describedby, and a form is submitted by Enter or its button (never posted: the handler gets the values).

import { h, uniqueId } from '../dom.js';

function group(label, control, id, help) {
  const helpId = help ? `${id}-help` : null;
  if (helpId) control.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'pf-v5-c-form__group' },
    h('div', { class: 'pf-v5-c-form__group-label' },
      h('label', { class: 'pf-v5-c-form__label', for: id }, h('span', { class: 'pf-v5-c-form__label-text' }, label))),
    h('div', { class: 'pf-v5-c-form__group-control' },
      control,
      help ? h('div', { class: 'pf-v5-c-form__helper-text', id: helpId },
        h('div', { class: 'pf-v5-c-helper-text' },
          h('div', { class: 'pf-v5-c-helper-text__item' }, h('span', { class: 'pf-v5-c-helper-text__item-text' }, help))))
        : null));
}

export function textField({ name, label, value = '', help, type = 'text', autocomplete = 'off' }) {
  const id = uniqueId(`field-${name}`);
  const input = h('input', { class: 'ag-input', id, name, type, value, autocomplete });
  return group(label, h('span', { class: 'pf-v5-c-form-control' }, input), id, help);
}

export function selectField({ name, label, value = '', options, help }) {
  const id = uniqueId(`field-${name}`);
  const select = h('select', { id, name },
    options.map((option) => h('option', { value: option.value, selected: option.value === value }, option.label)));
  return group(label, h('span', { class: 'pf-v5-c-form-control' }, select), id, help);
}

/** The values of a form's named fields, as strings. */
export function values(form) {
  const out = {};
  for (const element of form.elements) {
    if (element.name) out[element.name] = element.value.trim();
  }
  return out;
}

export function button(label, { variant = 'secondary', type = 'button', onclick, danger = false, id } = {}) {
  return h('button', { class: ['pf-v5-c-button', `pf-m-${variant}`, danger && 'pf-m-danger'], type, onclick, id }, label);
}
