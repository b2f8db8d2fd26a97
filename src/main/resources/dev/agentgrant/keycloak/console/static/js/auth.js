// Signing in like Keycloak's own console: the authorization code flow with PKCE (RFC 7636, S256) through the realm's
// public client agent-grant-console. Tokens live in this module's memory only; sessionStorage holds just the PKCE
// verifier, state and nonce between the redirect and the callback (and loses them at the callback). The code comes
// back in the fragment (response_mode=fragment), so it never reaches a server log, and is wiped from the address bar
// at once. The access token is refreshed before it expires; logout ends the Keycloak session (RP-initiated logout).

import { config, CLIENT_ID } from './config.js';

const PENDING_KEY = 'agent-grant-console.pkce';
const REFRESH_MARGIN_SECONDS = 30;

let tokens = null; // { access, refresh, id, claims }
let refreshTimer = null;
let refreshing = null;

function base64Url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteCount) {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function claimsOf(jwt) {
  const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
  return JSON.parse(json);
}

/** Sends the browser to the realm's sign-in page; comes back to {@code route} (a hash such as #/realm/grants). */
export async function login(route = window.location.hash) {
  const verifier = randomString(48);
  const state = randomString(24);
  const nonce = randomString(24);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, nonce, route }));
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: config.consoleUrl,
    response_type: 'code',
    response_mode: 'fragment',
    scope: 'openid',
    state,
    nonce,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  });
  window.location.assign(`${config.authorizationEndpoint}?${query}`);
  return new Promise(() => {}); // the page is leaving
}

async function tokenRequest(parameters) {
  const response = await fetch(config.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...parameters }),
    credentials: 'omit',
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error_description || body.error || `token endpoint answered ${response.status}`);
  }
  return body;
}

function keep(body) {
  tokens = {
    access: body.access_token,
    refresh: body.refresh_token || (tokens && tokens.refresh),
    id: body.id_token || (tokens && tokens.id),
    claims: claimsOf(body.access_token),
  };
  clearTimeout(refreshTimer);
  const seconds = Math.max(5, (body.expires_in || 60) - REFRESH_MARGIN_SECONDS);
  refreshTimer = setTimeout(() => { refresh().catch(() => login()); }, seconds * 1000);
}

/**
 * Finishes a sign-in when the page is the redirect back from Keycloak; answers the route to show, or null when the
 * page is no callback.
 */
async function completeCallback() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  if (!fragment.has('state') || !(fragment.has('code') || fragment.has('error'))) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
  sessionStorage.removeItem(PENDING_KEY);
  window.history.replaceState(null, '', config.consoleUrl);
  if (!pending || pending.state !== fragment.get('state')) {
    throw new Error('The sign-in answer does not belong to this browser tab; sign in again.');
  }
  if (fragment.has('error')) {
    throw new Error(fragment.get('error_description') || fragment.get('error'));
  }
  const body = await tokenRequest({
    grant_type: 'authorization_code',
    code: fragment.get('code'),
    redirect_uri: config.consoleUrl,
    code_verifier: pending.verifier,
  });
  if (!body.id_token || claimsOf(body.id_token).nonce !== pending.nonce) {
    throw new Error('The sign-in answer does not carry this sign-in\'s nonce; sign in again.');
  }
  keep(body);
  const route = pending.route && pending.route.startsWith('#/') ? pending.route : '';
  window.history.replaceState(null, '', config.consoleUrl + route);
  return route;
}

/** Signs in (redirecting when needed); resolves once the console holds a token. */
export async function ensureSignedIn() {
  if (tokens) return;
  const route = await completeCallback();
  if (route === null) await login();
}

export async function refresh() {
  if (!refreshing) {
    refreshing = tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh })
      .then(keep)
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

export function accessToken() {
  return tokens && tokens.access;
}

/** Who signed in: preferred_username, name, and the realm the token is from. */
export function who() {
  const claims = tokens ? tokens.claims : {};
  return { username: claims.preferred_username || claims.sub, name: claims.name, realm: config.realm };
}

/**
 * Ends the Keycloak session and comes back to the console (which then asks to sign in again). The logout request is a
 * form POST (OpenID Connect RP-Initiated Logout 1.0 §2 lets the OP take GET or POST), so the ID token never appears in
 * a URL, the address bar or the history.
 */
export function logout() {
  const fields = { client_id: CLIENT_ID, post_logout_redirect_uri: config.consoleUrl };
  if (tokens && tokens.id) fields.id_token_hint = tokens.id;
  tokens = null;
  clearTimeout(refreshTimer);
  const form = document.createElement('form');
  form.method = 'post';
  form.action = config.endSessionEndpoint;
  form.hidden = true;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}
