// Realm components of the extension's own types — attestation sources and realm policies — through Keycloak's
// component API (/admin/realms/{realm}/components, view-realm to read, manage-realm to change), with the types and
// their options (label, help text, kind) as the server describes them in /admin/serverinfo componentTypes, which
// every realm admin may read.
import { api, adminUrl } from './api.js';

export const SOURCE_TYPE = 'dev.agentgrant.keycloak.attestation.spi.AttestationSource';
export const POLICY_TYPE = 'dev.agentgrant.keycloak.attestation.realmpolicy.RealmPolicy';

let serverTypes = null;

/** [{id, helpText, properties: [{name, label, helpText, type, defaultValue, options, secret}]}] of a provider type. */
export async function componentTypes(providerType) {
  if (!serverTypes) {
    serverTypes = api.serverInfo().then((info) => info.componentTypes || {}).catch((error) => {
      serverTypes = null;
      throw error;
    });
  }
  return (await serverTypes)[providerType] || [];
}

export function listComponents(realm, providerType) {
  return api.get(adminUrl(realm, ['components'], { type: providerType }));
}

export function getComponent(realm, id) {
  return api.get(adminUrl(realm, ['components', id]));
}

export function createComponent(realm, component) {
  return api.post(adminUrl(realm, ['components']), component);
}

export function updateComponent(realm, id, component) {
  return api.put(adminUrl(realm, ['components', id]), component);
}

export function deleteComponent(realm, id) {
  return api.delete(adminUrl(realm, ['components', id]));
}

/** The field kind of a ProviderConfigProperty type. */
export function kindOf(type) {
  switch (type) {
    case 'Text': case 'Script': return 'textarea';
    case 'boolean': return 'checkbox';
    case 'List': return 'select';
    case 'MultivaluedString': case 'MultivaluedList': return 'lines';
    case 'Password': return 'password';
    case 'Integer': case 'int': case 'Number': return 'number';
    default: return 'text';
  }
}

/**
 * The problems of a refused component save, each given to the option it names. The extension's validators answer
 * every problem at once, joined by "; ", each starting with the option's name ("trust-url: …") where it is about
 * one (docs/attestation.md); a problem about none is the form's.
 */
export function componentProblems(message, optionNames) {
  const names = [...optionNames].sort((a, b) => b.length - a.length);
  return String(message || '').split('; ').filter(Boolean).map((text) => {
    const name = names.find((candidate) => text === candidate || text.startsWith(`${candidate}:`) || text.startsWith(`${candidate} `));
    return { attribute: name || '', message: text };
  });
}
