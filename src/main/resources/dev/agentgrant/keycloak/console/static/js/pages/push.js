// Push delivery: the realm's outbox of the revocation push (GET /admin/realms/{realm}/agent-grant/signals, view-users)
// — what was sent to resource servers, what waits for a retry, and what was given up on (dead-lettered) — with the
// retry of a dead-lettered SET for admins who may manage users.
import { h, replace } from '../dom.js';
import { t, dateTime } from '../i18n.js';
import { api, adminUrl } from '../api.js';
import { href, navigate } from '../router.js';
import { table, pager } from '../ui/table.js';
import { textField, selectField, values, button } from '../ui/form.js';
import { flash, failure } from '../ui/alerts.js';

const PAGE_SIZE = 20;
const STATUSES = ['DEAD_LETTERED', 'PENDING', 'DELIVERED'];
const EVENT_PREFIX = 'https://schemas.openid.net/secevent/caep/event-type/';

function label(status) {
  const colour = { DELIVERED: 'green', PENDING: 'blue', DEAD_LETTERED: 'red' }[status] || 'grey';
  return h('span', { class: ['pf-v5-c-label', `pf-m-${colour}`] },
    h('span', { class: 'pf-v5-c-label__content' }, t(`push.status.${status}`)));
}

function eventName(uri) {
  return uri && uri.startsWith(EVENT_PREFIX) ? uri.slice(EVENT_PREFIX.length) : uri;
}

function filterForm(realm, query) {
  const form = h('form', { class: 'pf-v5-c-form ag-filters', 'aria-label': t('push.filters'), novalidate: true },
    selectField({
      name: 'status', label: t('push.filter.status'), value: query.status === undefined ? 'DEAD_LETTERED' : query.status,
      options: [{ value: '', label: t('push.filter.anyStatus') }, ...STATUSES.map((s) => ({ value: s, label: t(`push.status.${s}`) }))],
    }),
    textField({ name: 'receiver', label: t('push.filter.receiver'), value: query.receiver || '', help: t('push.filter.receiverHelp') }),
    textField({ name: 'grant', label: t('push.filter.grant'), value: query.grant || '' }),
    h('div', { class: 'pf-v5-c-form__group pf-m-action' },
      h('div', { class: 'pf-v5-c-form__actions' },
        button(t('push.filter.apply'), { variant: 'primary', type: 'submit', id: 'ag-push-apply' }),
        button(t('push.filter.reset'), { variant: 'link', onclick: () => navigate(href(realm, 'push')) }))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = values(form);
    navigate(href(realm, 'push', { status: chosen.status || 'any', receiver: chosen.receiver, grant: chosen.grant }));
  });
  return form;
}

function counts(page) {
  const c = page.counts || {};
  return h('dl', { class: 'pf-v5-c-description-list pf-m-horizontal pf-m-compact ag-push-counts', id: 'ag-push-counts' },
    ['dead_lettered', 'pending', 'delivered'].map((key) => h('div', { class: 'pf-v5-c-description-list__group' },
      h('dt', { class: 'pf-v5-c-description-list__term' }, h('span', { class: 'pf-v5-c-description-list__text' }, t(`push.count.${key}`))),
      h('dd', { class: 'pf-v5-c-description-list__description' }, h('div', { class: 'pf-v5-c-description-list__text' }, String(c[key] ?? 0))))));
}

async function retry(realm, signal, reload) {
  try {
    await api.post(adminUrl(realm, ['agent-grant', 'signals', signal.id, 'retry']));
    // The page is drawn again (the SET leaves the dead letters); the message is shown on it.
    flash(t('push.retried', signal.receiver));
    reload();
  } catch (error) {
    failure(error, t('push.retryFailed'));
  }
}

async function render(container, { realm, query, access, reload }) {
  replace(container, h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, t('push.title')),
    h('p', { class: 'ag-intro' }, t('push.intro')));
  if (!access.view_grants) {
    container.append(h('p', {}, t('push.noAccess')));
    return;
  }
  // The dead letters are what needs an admin; another status, or all of them, when the admin asks.
  const status = query.status === undefined ? 'DEAD_LETTERED' : (query.status === 'any' ? '' : query.status);
  const first = Number.parseInt(query.first || '0', 10) || 0;
  const page = await api.get(adminUrl(realm, ['agent-grant', 'signals'],
    { status, receiver: query.receiver, grant: query.grant, first, max: PAGE_SIZE }));
  container.append(filterForm(realm, { ...query, status }), counts(page),
    table({
      caption: t('push.caption'),
      columns: [
        { title: t('push.field.status'), cell: (s) => label(s.status) },
        { title: t('push.field.event'), cell: (s) => h('span', { class: 'ag-mono' }, eventName(s.event_type)) },
        { title: t('push.field.receiver'), cell: (s) => s.receiver },
        { title: t('push.field.grant'), cell: (s) => h('a', { href: href(realm, `grants/${s.grant_id}`), class: 'ag-mono' }, `${s.grant_id.slice(0, 12)}…`) },
        { title: t('push.field.createdAt'), cell: (s) => dateTime(s.created_at) },
        { title: t('push.field.attempts'), cell: (s) => String(s.attempts) },
        { title: t('push.field.lastError'), cell: (s) => h('span', { class: 'ag-break' }, s.last_error || (s.last_status ? `HTTP ${s.last_status}` : '—')) },
        {
          title: t('push.field.actions'),
          cell: (s) => (s.status === 'DEAD_LETTERED' && access.manage_grants
            ? h('button', {
              class: 'pf-v5-c-button pf-m-secondary pf-m-small ag-push-retry',
              type: 'button',
              'data-signal': s.id,
              'aria-label': t('push.retryLabel', s.receiver, s.id),
              onclick: () => retry(realm, s, reload),
            }, t('push.retry'))
            : ''),
        },
      ],
      rows: page.signals,
      empty: status === 'DEAD_LETTERED' ? t('push.noneDead') : t('push.none'),
    }),
    pager({ first, max: PAGE_SIZE, more: page.signals.length === PAGE_SIZE, onPage: (next) => navigate(href(realm, 'push', { ...query, first: next })) }));
}

export default { path: 'push', title: 'push.title', nav: 'nav.push', render };
