// The agent-grant.* client attributes an admin edits on an agent (README.md, "Agent clients": the option table of
// AgentProfileOptions), in groups, each with the kind of input it takes. Only the field kind and grouping live here:
// defaults and limits are the API's to judge (PUT/POST …/agent-grant/agents answers every problem at once), and
// agent-grant.suspended has endpoints of its own. agent-grant.enabled is always true for an agent.
import { t } from './i18n.js';
import { field, fieldset } from './ui/fields.js';

export const PREFIX = 'agent-grant.';

/** [group key, [[attribute suffix, message key, kind, default shown as placeholder]]] */
export const OPTION_GROUPS = [
  ['people', [
    ['owners', 'owners', 'text', ''],
    ['require-login-hint', 'requireLoginHint', 'checkbox', ''],
  ]],
  ['ceilings', [
    ['allowed-audiences', 'allowedAudiences', 'text', ''],
    ['allowed-scopes', 'allowedScopes', 'text', ''],
    ['max-grant-lifetime', 'maxGrantLifetime', 'number', '3600'],
    ['max-uses', 'maxUses', 'number', '100'],
  ]],
  ['approval', [
    ['approval-timeout', 'approvalTimeout', 'number', '600'],
    ['max-auth-age', 'maxAuthAge', 'number', '300'],
    ['max-pending-requests', 'maxPendingRequests', 'number', '20'],
    ['max-pending-requests-per-user', 'maxPendingRequestsPerUser', 'number', '5'],
  ]],
  ['attestation', [
    ['attestation-policy', 'attestationPolicy', 'textarea', ''],
    ['spiffe-id', 'spiffeId', 'text', ''],
    ['dpop-nonce-required', 'dpopNonceRequired', 'checkbox', ''],
  ]],
  ['delegation', [
    ['delegates', 'delegates', 'text', ''],
    ['delegation-depth', 'delegationDepth', 'number', '2'],
  ]],
];

const KNOWN = new Set([`${PREFIX}enabled`, `${PREFIX}suspended`,
  ...OPTION_GROUPS.flatMap(([, options]) => options.map(([suffix]) => PREFIX + suffix))]);

/**
 * The profile's fields in fieldsets, filled from {@code attributes} (as stored); attributes in the namespace the
 * console does not know (a misspelt one) get a text field of their own, so the admin sees and can clear them.
 */
export function profileFieldsets(registry, attributes = {}, readonly = false) {
  const sets = OPTION_GROUPS.map(([group, options]) => fieldset(t(`agent.group.${group}`),
    options.map(([suffix, key, kind, placeholder]) => registry.add(field({
      name: PREFIX + suffix,
      label: t(`agent.option.${key}`),
      help: t(`agent.optionHelp.${key}`),
      value: attributes[PREFIX + suffix] || '',
      kind,
      placeholder: placeholder || undefined,
      readonly,
    })))));
  const others = Object.keys(attributes).filter((name) => !KNOWN.has(name));
  if (others.length) {
    sets.push(fieldset(t('agent.group.other'), others.map((name) => registry.add(field({
      name, label: name, help: t('agent.otherHelp'), value: attributes[name], readonly,
    })))));
  }
  return sets;
}

/** The attributes to send: every profile field with a value (an empty one takes the default, so it is left out). */
export function profileAttributes(registry) {
  const attributes = {};
  for (const f of registry.all()) {
    if (!f.name.startsWith(PREFIX)) continue;
    const value = f.value();
    if (value === true) attributes[f.name] = 'true';
    else if (typeof value === 'string' && value !== '') attributes[f.name] = value;
  }
  return attributes;
}
