// Grants: the realm's task grants, filtered by person, agent, audience, status and creation time, newest first, in
// pages; exported as JSON, and (for admins who may manage users) the filtered set's active grants revoked at once.
// Pages follow the admin API's keyset cursor (its `next`), so a page deep in a large table costs what the first does;
// the route keeps the current page's cursor (`cursor`) and those of the pages before it (`back`, dot-separated: a
// cursor is base64url) so that Previous needs no offset either.
import { h, replace } from '../dom.js';
import { t, dateTime } from '../i18n.js';
import { api, adminUrl } from '../api.js';
import { href, navigate } from '../router.js';
import { table, pageNav, statusLabel } from '../ui/table.js';
import { textField, selectField, values, button } from '../ui/form.js';
import { confirm } from '../ui/dialog.js';
import { success, failure, flash } from '../ui/alerts.js';
import { findPeople, describePerson } from '../people.js';
import { STATUSES, PAGE_SIZE, apiFilter } from '../grants-query.js';

const ALL_PAGE = 100;
const ALL_LIMIT = 10000;

function grantsUrl(realm, query, after, max) {
  return adminUrl(realm, ['agent-grant', 'grants'], { ...apiFilter(query), after, max });
}

/** Every grant matching the filters (up to ALL_LIMIT), page by page. */
async function allMatching(realm, query) {
  const all = [];
  let after;
  do {
    const page = await api.get(grantsUrl(realm, query, after, ALL_PAGE));
    all.push(...page.grants);
    after = page.next;
  } while (after && all.length < ALL_LIMIT);
  return all;
}

/** The cursors of the pages before the current one but the first, as the route holds them. */
function trail(query) {
  return query.cursor && query.back ? query.back.split('.') : [];
}

/** Previous and next for the page the route names; {@code next} is the API's cursor, if more grants follow. */
function cursorPager(realm, query, next) {
  const back = trail(query);
  const at = (cursor, earlier) => navigate(href(realm, 'grants', {
    ...query, cursor, back: earlier.length ? earlier.join('.') : undefined,
  }));
  return pageNav({
    page: query.cursor ? back.length + 2 : 1,
    onPrevious: query.cursor ? () => at(back.at(-1), back.slice(0, -1)) : null,
    onNext: next ? () => at(next, query.cursor ? [...back, query.cursor] : []) : null,
  });
}

function download(name, data) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = h('a', { href: url, download: name, class: 'pf-v5-screen-reader' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function filterForm(realm, query) {
  const form = h('form', { class: 'pf-v5-c-form ag-filters', 'aria-label': t('grants.filters'), novalidate: true },
    textField({ name: 'person', label: t('grants.filter.person'), value: query.person || '', help: t('grants.filter.personHelp') }),
    textField({ name: 'agent', label: t('grants.filter.agent'), value: query.agent || '' }),
    textField({ name: 'audience', label: t('grants.filter.audience'), value: query.audience || '' }),
    selectField({
      name: 'status', label: t('grants.filter.status'), value: query.status || '',
      options: [{ value: '', label: t('grants.filter.anyStatus') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))],
    }),
    textField({ name: 'after', label: t('grants.filter.after'), value: query.after || '', type: 'datetime-local' }),
    textField({ name: 'before', label: t('grants.filter.before'), value: query.before || '', type: 'datetime-local' }),
    h('div', { class: 'pf-v5-c-form__group pf-m-action' },
      h('div', { class: 'pf-v5-c-form__actions' },
        button(t('grants.filter.apply'), { variant: 'primary', type: 'submit', id: 'ag-apply-filters' }),
        button(t('grants.filter.reset'), { variant: 'link', onclick: () => navigate(href(realm, 'grants')) }))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = values(form);
    const next = { person: chosen.person, agent: chosen.agent, audience: chosen.audience, status: chosen.status, after: chosen.after, before: chosen.before };
    if (chosen.person && chosen.person === query.person && query.user) {
      next.user = query.user;
    } else if (chosen.person) {
      try {
        const people = await findPeople(realm, chosen.person);
        if (people.length === 0) {
          failure(new Error(t('grants.filter.noPerson', chosen.person)), t('grants.filter.person'));
          return;
        }
        if (people.length > 1) {
          navigate(href(realm, 'grants', { ...next, choose: '1' }));
          return;
        }
        next.user = people[0].id;
        next.person = people[0].username;
      } catch (error) {
        failure(error);
        return;
      }
    }
    navigate(href(realm, 'grants', next));
  });
  return form;
}

/** When the person's text matched several people, the admin picks one. */
async function personChooser(realm, query) {
  const people = await findPeople(realm, query.person);
  return h('div', { class: 'pf-v5-c-card ag-chooser' },
    h('div', { class: 'pf-v5-c-card__body' },
      h('h2', { class: 'pf-v5-c-title pf-m-lg' }, t('grants.choosePerson', query.person)),
      h('ul', { class: 'pf-v5-c-list', role: 'list' }, people.map((user) => h('li', {},
        h('a', { href: href(realm, 'grants', { ...query, choose: undefined, user: user.id, person: user.username }) }, describePerson(user)))))));
}

async function render(container, { realm, query, access }) {
  const heading = h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, t('grants.title'));
  replace(container, heading, h('p', { class: 'ag-intro' }, t('grants.intro')), filterForm(realm, query));
  if (query.choose && query.person) {
    container.append(await personChooser(realm, query));
    return;
  }
  if (query.person && !query.user) {
    return;
  }
  const page = await api.get(grantsUrl(realm, query, query.cursor, PAGE_SIZE));
  const toolbar = h('div', { class: 'pf-v5-c-toolbar ag-toolbar' },
    h('div', { class: 'pf-v5-c-toolbar__content' },
      h('div', { class: 'pf-v5-c-toolbar__content-section' },
        button(t('grants.export'), {
          id: 'ag-export',
          onclick: async () => {
            try {
              const grants = await allMatching(realm, query);
              download(`agent-grants-${realm}.json`, { realm, filters: apiFilter(query), exported_at: Math.floor(Date.now() / 1000), grants });
              success(t('grants.exported', grants.length));
            } catch (error) {
              failure(error);
            }
          },
        }),
        access.manage_grants ? button(t('grants.revokeAll'), {
          id: 'ag-revoke-all',
          danger: true,
          onclick: () => revokeAll(realm, query),
        }) : null)));
  container.append(toolbar,
    table({
      caption: t('grants.caption'),
      columns: [
        { title: t('grant.field.id'), cell: (g) => h('a', { href: href(realm, `grants/${g.id}`), class: 'ag-mono' }, `${g.id.slice(0, 12)}…`) },
        { title: t('grant.field.status'), cell: (g) => statusLabel(g.status) },
        { title: t('grant.field.person'), cell: (g) => g.login_hint || g.user_id || '—' },
        { title: t('grant.field.agent'), cell: (g) => g.agent_client_id },
        { title: t('grant.field.audience'), cell: (g) => g.audience },
        { title: t('grant.field.purpose'), cell: (g) => h('bdi', {}, g.purpose) },
        { title: t('grant.field.requestedAt'), cell: (g) => dateTime(g.requested_at) },
      ],
      rows: page.grants,
      empty: t('grants.none'),
    }),
    cursorPager(realm, query, page.next));
}

/** Revokes the active grants among the filtered ones, after the admin confirmed their number. */
async function revokeAll(realm, query) {
  try {
    if (query.status && query.status !== 'APPROVED') {
      success(t('grants.revokeAll.none'));
      return;
    }
    const active = await allMatching(realm, { ...query, status: 'APPROVED' });
    if (active.length === 0) {
      success(t('grants.revokeAll.none'));
      return;
    }
    const yes = await confirm({
      title: t('grants.revokeAll.title'),
      text: t('grants.revokeAll.text', active.length),
      confirmLabel: t('grants.revokeAll.confirm', active.length),
    });
    if (!yes) return;
    let revoked = 0;
    let ended = 0;
    for (const grant of active) {
      try {
        await api.post(adminUrl(realm, ['agent-grant', 'grants', grant.id, 'revoke']));
        revoked += 1;
      } catch (error) {
        if (error.status !== 409) throw error;
        ended += 1;
      }
    }
    flash(t('grants.revokeAll.done', revoked, ended));
    navigate(href(realm, 'grants', { ...query, cursor: undefined, back: undefined }));
  } catch (error) {
    failure(error);
  }
}

export default { path: 'grants', title: 'grants.title', nav: 'nav.grants', render };
