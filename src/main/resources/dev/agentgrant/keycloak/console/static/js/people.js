// Finding a person by what an admin knows (username or email), through Keycloak's own user search; the admin never
// types a user id.
import { api, adminUrl } from './api.js';

const CANDIDATES = 10;

/** The people matching {@code text}: an exact username or email match alone when there is one. */
export async function findPeople(realm, text) {
  const found = await api.get(adminUrl(realm, ['users'], { search: text, max: CANDIDATES + 1, briefRepresentation: true }));
  const needle = text.toLowerCase();
  const exact = found.filter((user) => (user.username || '').toLowerCase() === needle || (user.email || '').toLowerCase() === needle);
  return exact.length === 1 ? exact : found.slice(0, CANDIDATES);
}

export function describePerson(user) {
  return user.email ? `${user.username} <${user.email}>` : user.username;
}
