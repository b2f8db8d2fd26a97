// A PatternFly modal for confirmations: role="dialog" with aria-modal, labelled by its title and described by its
// text; focus moves into it, Tab and Shift+Tab stay inside, Escape or Cancel closes it, and focus returns to where
// it was. Resolves true when the admin confirmed.

import { h, uniqueId } from '../dom.js';
import { t } from '../i18n.js';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function confirm({ title, text, confirmLabel, danger = true }) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const titleId = uniqueId('dialog-title');
    const textId = uniqueId('dialog-text');
    let backdrop;
    const close = (answer) => {
      document.removeEventListener('keydown', onKey, true);
      backdrop.remove();
      document.querySelectorAll('[data-ag-inert]').forEach((el) => { el.inert = false; el.removeAttribute('data-ag-inert'); });
      if (previous && previous.focus) previous.focus();
      resolve(answer);
    };
    const box = h('div', {
      class: 'pf-v5-c-modal-box pf-m-sm', role: 'dialog', 'aria-modal': 'true',
      'aria-labelledby': titleId, 'aria-describedby': textId,
    },
    h('header', { class: 'pf-v5-c-modal-box__header' },
      h('h2', { class: 'pf-v5-c-modal-box__title', id: titleId }, title)),
    h('div', { class: 'pf-v5-c-modal-box__body', id: textId }, text),
    h('footer', { class: 'pf-v5-c-modal-box__footer' },
      h('button', { class: ['pf-v5-c-button', 'pf-m-primary', danger && 'pf-m-danger'], type: 'button', 'data-confirm': true, onclick: () => close(true) }, confirmLabel),
      h('button', { class: 'pf-v5-c-button pf-m-link', type: 'button', onclick: () => close(false) }, t('cancel'))));
    function onKey(event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(false);
      } else if (event.key === 'Tab') {
        const items = [...box.querySelectorAll(FOCUSABLE)];
        const first = items[0];
        const last = items[items.length - 1];
        if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
        else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
        else if (!box.contains(document.activeElement)) { event.preventDefault(); first.focus(); }
      }
    }
    backdrop = h('div', { class: 'pf-v5-c-backdrop' }, h('div', { class: 'pf-v5-l-bullseye' }, box));
    for (const child of document.body.children) {
      if (!child.inert) { child.inert = true; child.setAttribute('data-ag-inert', ''); }
    }
    document.body.append(backdrop);
    document.addEventListener('keydown', onKey, true);
    box.querySelector('[data-confirm]').focus();
  });
}
