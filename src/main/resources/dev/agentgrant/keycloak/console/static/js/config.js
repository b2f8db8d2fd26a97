// Where the console is: it is served at {server}/realms/{realm}/agent-grant/console/ and learns everything from that
// URL, so the page needs no inline configuration (the CSP forbids inline script).

export const CLIENT_ID = 'agent-grant-console';

function locate() {
  const match = window.location.pathname.match(/^(.*)\/realms\/([^/]+)\/agent-grant\/console\/$/);
  if (!match) throw new Error('The console must be opened at /realms/{realm}/agent-grant/console/');
  const server = window.location.origin + match[1];
  const realm = decodeURIComponent(match[2]);
  const realmUrl = `${server}/realms/${encodeURIComponent(realm)}`;
  return {
    server,
    realm,
    consoleUrl: window.location.origin + window.location.pathname,
    authorizationEndpoint: `${realmUrl}/protocol/openid-connect/auth`,
    tokenEndpoint: `${realmUrl}/protocol/openid-connect/token`,
    endSessionEndpoint: `${realmUrl}/protocol/openid-connect/logout`,
    adminBase: `${server}/admin/realms`,
  };
}

export const config = locate();
