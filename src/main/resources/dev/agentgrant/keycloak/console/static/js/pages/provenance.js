// Provenance: the in-toto / SLSA statements registered in the realm for agents whose evidence names a digest
// (GET /admin/realms/{realm}/agent-grant/provenance, view-realm).
import { h, replace } from '../dom.js';
import { t, dateTime } from '../i18n.js';
import { api, adminUrl } from '../api.js';
import { href, navigate } from '../router.js';
import { table, pager } from '../ui/table.js';

const PAGE_SIZE = 20;

async function render(container, { realm, query, access }) {
  replace(container, h('h1', { class: 'pf-v5-c-title pf-m-2xl' }, t('provenance.title')),
    h('p', { class: 'ag-intro' }, t('provenance.intro')));
  if (!access.view_attestation) {
    container.append(h('p', {}, t('provenance.noAccess')));
    return;
  }
  const first = Number.parseInt(query.first || '0', 10) || 0;
  const registrations = await api.get(adminUrl(realm, ['agent-grant', 'provenance'], { first, max: PAGE_SIZE }));
  container.append(table({
    caption: t('provenance.caption'),
    columns: [
      { title: t('provenance.field.source'), cell: (r) => r.source },
      { title: t('provenance.field.predicateType'), cell: (r) => r.predicate_type },
      { title: t('provenance.field.subjects'), cell: (r) => h('span', { class: 'ag-mono ag-break' }, (r.subject_digests || []).join(' ')) },
      { title: t('provenance.field.createdAt'), cell: (r) => dateTime(r.created_at) },
      { title: t('provenance.field.createdBy'), cell: (r) => r.created_by || '—' },
    ],
    rows: registrations,
    empty: t('provenance.none'),
  }), pager({ first, max: PAGE_SIZE, more: registrations.length === PAGE_SIZE, onPage: (next) => navigate(href(realm, 'provenance', { first: next })) }));
}

export default { path: 'provenance', title: 'provenance.title', nav: 'nav.provenance', render };
