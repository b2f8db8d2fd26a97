// Calls to Keycloak's admin REST API with the admin's own bearer token: the admin API decides what the admin may see
// and do, exactly as for any other admin client. One retry after refreshing the token when it has just expired.

import { accessToken, refresh, login } from './auth.js';
import { config } from './config.js';

export class ApiError extends Error {
  constructor(status, error, description, body = {}) {
    super(description || error || `HTTP ${status}`);
    this.status = status;
    this.error = error;
    /** Every problem of a refused write ({attribute, message}), when the API listed them. */
    this.problems = Array.isArray(body.problems) ? body.problems : [];
  }
}

/** {@code /admin/realms/{realm}/…} with each segment encoded, and the query's empty values left out. */
export function adminUrl(realm, segments = [], query = {}) {
  const path = [realm, ...segments].map(encodeURIComponent).join('/');
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return `${config.adminBase}/${path}${text ? `?${text}` : ''}`;
}

async function send(method, url, body, retried = false) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${accessToken()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (response.status === 401 && !retried) {
    try {
      await refresh();
    } catch (e) {
      await login();
    }
    return send(method, url, body, true);
  }
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) {
    const error = json && typeof json === 'object' ? json : {};
    throw new ApiError(response.status, error.error, error.error_description || error.errorMessage, error);
  }
  return json;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return text;
  }
}

export const api = {
  get: (url) => send('GET', url),
  post: (url, body) => send('POST', url, body),
  put: (url, body) => send('PUT', url, body),
  delete: (url) => send('DELETE', url),
  /** GET {@code /admin/serverinfo}: the component types (with their options) this server provides, among others. */
  serverInfo: () => send('GET', `${config.server}/admin/serverinfo`),
  /** GET {@code /admin/realms}: the realms this admin may see (for an admin of the master realm). */
  realms: () => send('GET', `${config.adminBase}`),
};
