// What the signed-in admin may do in a realm, as Keycloak's permission evaluator answers it
// (GET /admin/realms/{realm}/agent-grant/console-access). Pages show edit controls only when the matching right is
// there; the API still refuses anything else with 403.

import { api, adminUrl } from './api.js';

const cache = new Map();

/** {view_grants, manage_grants, view_agents, manage_agents, view_attestation, manage_attestation}, or null (none). */
export async function accessTo(realm) {
  if (!cache.has(realm)) {
    cache.set(realm, api.get(adminUrl(realm, ['agent-grant', 'console-access'])).catch((error) => {
      cache.delete(realm);
      if (error.status === 403 || error.status === 404) return null;
      throw error;
    }));
  }
  return cache.get(realm);
}
