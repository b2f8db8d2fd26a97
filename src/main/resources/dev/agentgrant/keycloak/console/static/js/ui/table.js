// A PatternFly table: real <th scope="col"> headers, a caption for screen readers, and data-label on each cell so
// the responsive grid layout names each value on narrow screens.

import { h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * columns: [{title, cell(row) → node or text}]; rows: data. An empty table says so in one full-width row.
 */
export function table({ caption, columns, rows, empty = t('table.empty') }) {
  return h('table', { class: 'pf-v5-c-table pf-m-grid-md pf-m-compact' },
    h('caption', { class: 'pf-v5-c-table__caption pf-v5-screen-reader' }, caption),
    h('thead', { class: 'pf-v5-c-table__thead' },
      h('tr', { class: 'pf-v5-c-table__tr' },
        columns.map((column) => h('th', { class: 'pf-v5-c-table__th', scope: 'col' }, column.title)))),
    h('tbody', { class: 'pf-v5-c-table__tbody' },
      rows.length === 0
        ? h('tr', { class: 'pf-v5-c-table__tr' },
          h('td', { class: 'pf-v5-c-table__td', colspan: String(columns.length) }, empty))
        : rows.map((row) => h('tr', { class: 'pf-v5-c-table__tr' },
          columns.map((column) => h('td', { class: 'pf-v5-c-table__td', 'data-label': column.title },
            column.cell(row)))))));
}

/** Previous / next for a list paged with first and max; {@code more} is whether a next page may exist. */
export function pager({ first, max, more, onPage }) {
  return pageNav({
    page: Math.floor(first / max) + 1,
    onPrevious: first === 0 ? null : () => onPage(Math.max(0, first - max)),
    onNext: more ? () => onPage(first + max) : null,
  });
}

/** Previous / next for page {@code page}; a null callback disables its button. */
export function pageNav({ page, onPrevious, onNext }) {
  return h('nav', { class: 'pf-v5-c-pagination pf-m-compact ag-pager', 'aria-label': t('pager.label') },
    h('div', { class: 'pf-v5-c-pagination__nav' },
      h('span', { class: 'ag-pager__page', 'aria-live': 'polite' }, t('pager.page', page)),
      h('button', {
        class: 'pf-v5-c-button pf-m-secondary ag-pager__previous', type: 'button', disabled: !onPrevious,
        onclick: () => onPrevious && onPrevious(),
      }, t('pager.previous')),
      h('button', {
        class: 'pf-v5-c-button pf-m-secondary ag-pager__next', type: 'button', disabled: !onNext,
        onclick: () => onNext && onNext(),
      }, t('pager.next'))));
}

/** A status label in PatternFly colours. */
export function statusLabel(status) {
  const colour = { APPROVED: 'green', PENDING: 'blue', DENIED: 'orange', REVOKED: 'red', EXPIRED: 'grey', EXHAUSTED: 'grey' }[status] || 'grey';
  return h('span', { class: ['pf-v5-c-label', `pf-m-${colour}`] },
    h('span', { class: 'pf-v5-c-label__content' }, t(`status.${status}`)));
}
