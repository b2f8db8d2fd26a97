// A hash router: #/{realm}/{page path}?{query}. Pages register a path pattern such as 'grants/:id'; the router finds
// the first page whose pattern matches and renders it. Links are plain <a href="#/…">, so the browser's history,
// new tabs and bookmarks work.

const routes = [];
let onRoute = () => {};

/** Adds a page: {path: 'grants/:id', render(container, context)}. */
export function register(page) {
  const names = [];
  const source = page.path
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  routes.push({ page, names, pattern: new RegExp(`^${source}$`) });
}

/** The route of a hash: {realm, page, params, query}, or null when it names no page. */
export function resolve(hash) {
  if (!hash.startsWith('#/')) return null;
  const [pathPart, queryPart = ''] = hash.slice(2).split('?');
  const parts = pathPart.split('/');
  const realm = decodeURIComponent(parts[0] || '');
  const rest = parts.slice(1).join('/');
  for (const route of routes) {
    const match = route.pattern.exec(rest);
    if (realm && match) {
      const params = {};
      route.names.forEach((name, i) => { params[name] = decodeURIComponent(match[i + 1]); });
      return { realm, page: route.page, params, query: Object.fromEntries(new URLSearchParams(queryPart)) };
    }
  }
  return null;
}

/** The hash of a page: href('realm', 'grants', {status: 'APPROVED'}). */
export function href(realm, path, query = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return `#/${encodeURIComponent(realm)}/${path}${text ? `?${text}` : ''}`;
}

export function navigate(hash) {
  if (window.location.hash === hash) {
    onRoute(resolve(hash));
  } else {
    window.location.hash = hash;
  }
}

/** Starts routing: {@code handler(route)} runs now and on every change of the hash. */
export function start(handler) {
  onRoute = handler;
  window.addEventListener('hashchange', () => onRoute(resolve(window.location.hash)));
  onRoute(resolve(window.location.hash));
}
