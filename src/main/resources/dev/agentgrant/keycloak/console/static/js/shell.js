// The console's frame: a PatternFly page with the masthead (product name, realm picker, the admin, logout), the
// navigation of the pages that have a nav entry, and the main region each page renders into. Keyboard users get a
// skip link to the main region, and focus moves to the page's heading after each navigation.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { who, logout } from './auth.js';
import { href, navigate } from './router.js';
import { alertRegion, failure } from './ui/alerts.js';
import { accessTo } from './access.js';

export function createShell({ root, pages, realms }) {
  const main = h('main', { class: 'pf-v5-c-page__main', id: 'ag-main', tabindex: '-1' });
  const nav = h('ul', { class: 'pf-v5-c-nav__list', role: 'list' });
  const realmSelect = h('select', { id: 'ag-realm', 'aria-label': t('realm.label') },
    realms.map((name) => h('option', { value: name }, name)));
  const admin = who();

  const skip = h('a', {
    class: 'pf-v5-c-skip-to-content pf-v5-c-button pf-m-primary',
    href: '#ag-main',
    onclick: (event) => { event.preventDefault(); main.focus(); },
  }, t('skipToContent'));

  const masthead = h('header', { class: 'pf-v5-c-masthead ag-masthead' },
    h('div', { class: 'pf-v5-c-masthead__main' },
      h('span', { class: 'pf-v5-c-masthead__brand ag-brand' }, t('productName'))),
    h('div', { class: 'pf-v5-c-masthead__content ag-masthead__content' },
      h('div', { class: 'ag-realm-picker' },
        h('label', { for: 'ag-realm', class: 'ag-realm-picker__label' }, t('realm.label')),
        h('span', { class: 'pf-v5-c-form-control' }, realmSelect)),
      h('span', { class: 'ag-user', 'data-testid': 'signed-in-as' }, t('signedInAs', admin.username, admin.realm)),
      h('button', { class: 'pf-v5-c-button pf-m-secondary ag-logout', type: 'button', id: 'ag-logout', onclick: logout }, t('logout'))));

  const navigation = h('nav', { class: 'pf-v5-c-nav pf-m-horizontal-subnav ag-nav', 'aria-label': t('nav.label') }, nav);

  replace(root, h('div', { class: 'pf-v5-c-page ag-page' }, skip, masthead,
    h('div', { class: 'ag-subnav' }, navigation), main));

  let currentRealm = realms[0];
  realmSelect.addEventListener('change', () => navigate(href(realmSelect.value, 'grants')));

  function renderNav(route) {
    replace(nav, pages.filter((page) => page.nav).map((page) => {
      const current = route && route.page === page;
      return h('li', { class: 'pf-v5-c-nav__item' },
        h('a', {
          class: ['pf-v5-c-nav__link', current && 'pf-m-current'],
          href: href(currentRealm, page.path),
          'aria-current': current ? 'page' : false,
        }, t(page.nav)));
    }));
  }

  /** Renders {@code route} (from the router) into the main region. */
  async function show(route) {
    if (!route || !realms.includes(route.realm)) {
      navigate(href(route && realms.includes(route.realm) ? route.realm : realms[0], 'grants'));
      return;
    }
    currentRealm = route.realm;
    realmSelect.value = route.realm;
    renderNav(route);
    const content = h('section', { class: 'pf-v5-c-page__main-section' });
    const alerts = alertRegion();
    replace(main, alerts, content);
    document.title = `${t(route.page.title)} · ${route.realm} · ${t('productName')}`;
    try {
      const access = await accessTo(route.realm);
      if (!access) {
        replace(content, h('h1', { class: 'pf-v5-c-title pf-m-2xl', tabindex: '-1' }, t('noAccess.title')),
          h('p', {}, t('noAccess.text', route.realm)));
      } else {
        await route.page.render(content, { realm: route.realm, params: route.params, query: route.query, access, reload: () => show(route) });
      }
    } catch (error) {
      failure(error);
    }
    const heading = content.querySelector('h1');
    if (heading && document.activeElement !== main) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }

  return { show };
}
