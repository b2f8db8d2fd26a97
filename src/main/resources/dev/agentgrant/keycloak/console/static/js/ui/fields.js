// Form fields that show the API's problems next to them. Every field has a <label for>; its help text and, once the
// API refused a value, its error are tied to it with aria-describedby, and it is marked aria-invalid. Groups of
// fields go in a <fieldset> with a <legend>. A refused save lists every problem at once: each next to its field,
// and all of them in a summary at the top of the form whose entries move the focus to the field.

import { h, replace, uniqueId } from '../dom.js';
import { t } from '../i18n.js';

export function fieldset(legend, ...children) {
  return h('fieldset', { class: 'ag-fieldset' }, h('legend', { class: 'ag-legend' }, legend), children);
}

function helper(id, text, error = false) {
  return h('div', { class: 'pf-v5-c-helper-text', id },
    h('div', { class: ['pf-v5-c-helper-text__item', error && 'pf-m-error'] },
      h('span', { class: 'pf-v5-c-helper-text__item-text' }, text)));
}

/**
 * One field. kind: text, number, password, url, textarea, select (options [{value, label}]), checkbox, lines (a
 * textarea of one value per line). Answers {name, element, control, value(), setError(text), focus()}.
 */
export function field({ name, label, help, value = '', kind = 'text', options = [], placeholder, readonly = false }) {
  const id = uniqueId(`f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`);
  const helpId = help ? `${id}-help` : null;
  const errorId = `${id}-error`;
  let control;
  if (kind === 'textarea' || kind === 'lines') {
    control = h('textarea', { id, name, rows: kind === 'lines' ? 3 : 6, readonly, placeholder, spellcheck: 'false', class: 'ag-mono' });
    control.value = Array.isArray(value) ? value.join('\n') : value;
  } else if (kind === 'select') {
    control = h('select', { id, name, disabled: readonly },
      options.map((option) => h('option', { value: option.value, selected: option.value === value }, option.label)));
  } else if (kind === 'checkbox') {
    control = h('input', { class: 'pf-v5-c-check__input', type: 'checkbox', id, name, checked: value === true || value === 'true', disabled: readonly });
  } else {
    control = h('input', { id, name, type: kind, value, readonly, placeholder, autocomplete: kind === 'password' ? 'new-password' : 'off' });
  }
  const errorSlot = h('div', { class: 'ag-field-error' });
  const describe = (withError) => {
    const ids = [helpId, withError && errorId].filter(Boolean).join(' ');
    if (ids) control.setAttribute('aria-describedby', ids); else control.removeAttribute('aria-describedby');
  };
  describe(false);
  let element;
  if (kind === 'checkbox') {
    element = h('div', { class: 'pf-v5-c-form__group' },
      h('div', { class: 'pf-v5-c-form__group-control' },
        h('div', { class: 'pf-v5-c-check' }, control,
          h('label', { class: 'pf-v5-c-check__label', for: id }, label),
          help ? h('span', { class: 'pf-v5-c-check__description', id: helpId }, help) : null),
        errorSlot));
  } else {
    const wrapped = kind === 'select'
      ? h('span', { class: 'pf-v5-c-form-control' }, control)
      : h('span', { class: ['pf-v5-c-form-control', (kind === 'textarea' || kind === 'lines') && 'pf-m-textarea', readonly && 'pf-m-readonly'] }, control);
    element = h('div', { class: 'pf-v5-c-form__group' },
      h('div', { class: 'pf-v5-c-form__group-label' },
        h('label', { class: 'pf-v5-c-form__label', for: id }, h('span', { class: 'pf-v5-c-form__label-text' }, label))),
      h('div', { class: 'pf-v5-c-form__group-control' }, wrapped,
        help ? h('div', { class: 'pf-v5-c-form__helper-text' }, helper(helpId, help)) : null,
        errorSlot));
  }
  return {
    name,
    element,
    control,
    value() {
      if (kind === 'checkbox') return control.checked;
      if (kind === 'lines') return control.value.split('\n').map((line) => line.trim()).filter(Boolean);
      return control.value.trim();
    },
    setError(text) {
      if (text) {
        replace(errorSlot, h('div', { class: 'pf-v5-c-form__helper-text' }, helper(errorId, text, true)));
        control.setAttribute('aria-invalid', 'true');
        if (control.parentElement.classList.contains('pf-v5-c-form-control')) control.parentElement.classList.add('pf-m-error');
      } else {
        replace(errorSlot);
        control.removeAttribute('aria-invalid');
        if (control.parentElement.classList.contains('pf-v5-c-form-control')) control.parentElement.classList.remove('pf-m-error');
      }
      describe(Boolean(text));
    },
    focus() {
      control.focus();
    },
  };
}

/**
 * The fields of one form, and the summary of a refused save. showProblems([{attribute, message}]) puts each problem
 * next to the field named by its attribute (several problems of one field are joined), lists every problem in the
 * summary, and moves the focus to the summary.
 */
export function fieldRegistry() {
  const fields = new Map();
  const summary = h('div', { class: 'ag-problems', tabindex: '-1' });
  return {
    summary,
    add(f) {
      fields.set(f.name, f);
      return f.element;
    },
    get: (name) => fields.get(name),
    all: () => [...fields.values()],
    clear() {
      fields.forEach((f) => f.setError(null));
      replace(summary);
    },
    showProblems(problems, title = t('fields.problems', problems.length)) {
      this.clear();
      const byField = new Map();
      for (const problem of problems) {
        const target = fields.get(problem.attribute);
        if (target) byField.set(target, [...(byField.get(target) || []), problem.message]);
      }
      byField.forEach((messages, target) => target.setError(messages.join(' ')));
      replace(summary, h('div', { class: 'pf-v5-c-alert pf-m-danger pf-m-inline', role: 'alert' },
        h('p', { class: 'pf-v5-c-alert__title' }, title),
        h('div', { class: 'pf-v5-c-alert__description' },
          h('ul', { class: 'pf-v5-c-list' }, problems.map((problem) => {
            const target = fields.get(problem.attribute);
            const text = !problem.attribute || problem.message.startsWith(problem.attribute) ? problem.message : `${problem.attribute}: ${problem.message}`;
            return h('li', { 'data-attribute': problem.attribute }, target
              ? h('a', { href: `#${target.control.id}`, onclick: (event) => { event.preventDefault(); target.focus(); } }, text)
              : text);
          })))));
      summary.focus();
    },
  };
}
