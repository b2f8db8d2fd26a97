// Messages to the admin: PatternFly inline alerts in one live region at the top of the page's content, so a screen
// reader announces them. An API error shows what the server said (its error_description).

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

let region = null;
let flashes = [];

/** A new live region for a page; shows the messages left for it by {@link flash}. */
export function alertRegion() {
  region = h('div', { class: 'pf-v5-c-alert-group ag-alerts', 'aria-live': 'polite' });
  const pending = flashes;
  flashes = [];
  pending.forEach((title) => show('success', title));
  return region;
}

/** A success message for the next page shown (after a navigation). */
export function flash(title) {
  flashes.push(title);
}

export function clearAlerts() {
  if (region) replace(region);
}

function show(variant, title, text) {
  if (!region) return;
  const alert = h('div', { class: ['pf-v5-c-alert', 'pf-m-inline', `pf-m-${variant}`], role: variant === 'danger' ? 'alert' : 'status' },
    h('p', { class: 'pf-v5-c-alert__title' }, title),
    text ? h('div', { class: 'pf-v5-c-alert__description' }, h('p', {}, text)) : null,
    h('div', { class: 'pf-v5-c-alert__action' },
      h('button', {
        class: 'pf-v5-c-button pf-m-plain',
        type: 'button',
        'aria-label': t('close'),
        onclick: () => alert.remove(),
      }, '×')));
  region.append(h('div', { class: 'pf-v5-c-alert-group__item' }, alert));
}

export function success(title, text) {
  show('success', title, text);
}

/** An error: an ApiError's status and description, or any other error's message. */
export function failure(error, title = t('error.title')) {
  let text = error && error.message ? error.message : String(error);
  if (error && error.status === 403) text = t('error.forbidden');
  if (error && error.status) text = `${text} (HTTP ${error.status})`;
  show('danger', title, text);
}
