// The grants list's filters as the route's query holds them, and as the admin API's query wants them: person (the
// text the admin typed, resolved to a user id), agent, audience, status and the creation window (datetime-local
// values, read in the browser's time zone and sent as epoch seconds).

export const STATUSES = ['PENDING', 'APPROVED', 'DENIED', 'EXPIRED', 'REVOKED', 'EXHAUSTED'];
export const PAGE_SIZE = 20;

export function epochSeconds(localDateTime) {
  if (!localDateTime) return undefined;
  const millis = new Date(localDateTime).getTime();
  return Number.isNaN(millis) ? undefined : Math.floor(millis / 1000);
}

/** The admin API's query for these filters, without paging. */
export function apiFilter(query) {
  return {
    user: query.user,
    agent: query.agent,
    audience: query.audience,
    status: query.status,
    created_after: epochSeconds(query.after),
    created_before: epochSeconds(query.before),
  };
}
