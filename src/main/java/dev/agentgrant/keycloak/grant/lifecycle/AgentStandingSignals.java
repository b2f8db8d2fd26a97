package dev.agentgrant.keycloak.grant.lifecycle;

import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.signal.AgentStanding;
import dev.agentgrant.keycloak.signal.CaepEvent;
import dev.agentgrant.keycloak.signal.Signals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;

/**
 * Tells the receivers of an agent's active grants that its tokens are refused or honoured again (README.md, "Revocation
 * push"): when the agent is suspended or resumed, or its client disabled or enabled, each approved grant's audience
 * receiver gets a {@code token-claims-change} SET — for the agent's own grants, and for the grants of other agents that
 * the person let be handed to it as a sub-agent (its hop tokens name those grants; docs/wire-contract.md, "Sub-agent
 * chains"). The grants themselves stay, so receivers are told again when the
 * agent comes back. Called after every change of an agent client — through the extension's agent API, Keycloak's own
 * client API, the admin console or {@code kcadm.sh} — and sends only when the standing differs from what receivers were
 * told last.
 */
public final class AgentStandingSignals {

    private AgentStandingSignals() {}

    public static void check(KeycloakSession session, ClientModel client) {
        if (!"true".equals(client.getAttribute(AgentProfileOptions.ENABLED.name()))) {
            return;
        }
        String realmId = client.getRealm().getId();
        AgentStanding now = new AgentStanding(
                client.isEnabled(), "true".equals(client.getAttribute(AgentProfileOptions.SUSPENDED.name())));
        Signals signals = Signals.of(session);
        Optional<CaepEvent> event = signals.agentStanding(realmId, client.getId(), now);
        if (event.isEmpty()) {
            return;
        }
        GrantStore store = GrantStore.of(session);
        GrantSearch search = GrantSearch.of(session);
        Set<String> told = new HashSet<>();
        List<GrantSearch.OpenGrant> affected = new ArrayList<>(search.openOfAgent(realmId, client.getId()));
        affected.addAll(search.approvedHandingTo(realmId, client.getClientId()));
        for (GrantSearch.OpenGrant open : affected) {
            if (open.status() == GrantStatus.APPROVED && told.add(open.id())) {
                store.find(realmId, open.id())
                        .ifPresent(grant -> signals.queue(
                                realmId, grant.id(), grant.request().task().audience(), grant.userId(), event.get()));
            }
        }
    }
}
