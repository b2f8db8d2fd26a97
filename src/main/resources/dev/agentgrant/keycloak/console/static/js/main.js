// The console starts here: its texts, the admin's sign-in, the realms the admin may work in, the shell, the router.
import { config } from './config.js';
import { loadMessages, t } from './i18n.js';
import { ensureSignedIn } from './auth.js';
import { api } from './api.js';
import { register, start } from './router.js';
import { createShell } from './shell.js';
import { pages } from './pages/index.js';
import { h, replace } from './dom.js';

/**
 * The realms to offer: the sign-in realm; for an admin of the master realm, every realm Keycloak lists for them
 * (GET /admin/realms answers only realms the admin may see).
 */
async function realmsOf() {
  if (config.realm !== 'master') return [config.realm];
  const listed = await api.realms();
  const names = listed.map((realm) => realm.realm);
  return names.length ? names : [config.realm];
}

async function boot() {
  const root = document.getElementById('app');
  const consoleBase = config.consoleUrl;
  try {
    await loadMessages(consoleBase);
    await ensureSignedIn();
    pages.forEach(register);
    const shell = createShell({ root, pages, realms: await realmsOf() });
    start(shell.show);
  } catch (error) {
    replace(root, h('main', { class: 'pf-v5-c-page__main-section' },
      h('div', { class: 'pf-v5-c-alert pf-m-danger', role: 'alert' },
        h('p', { class: 'pf-v5-c-alert__title' }, t('error.title')),
        h('div', { class: 'pf-v5-c-alert__description' }, error.message || String(error)))));
  }
}

boot();
