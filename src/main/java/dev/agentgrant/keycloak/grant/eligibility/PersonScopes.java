package dev.agentgrant.keycloak.grant.eligibility;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * The scopes a person could obtain themselves, read from the realm's client scopes and the person's role mappings
 * ({@link ScopeEligibility} decides on what is read here). Used when a person approves a request and again at every
 * exchange, so a role the person has lost since the approval no longer reaches a task token.
 */
public final class PersonScopes {

    private PersonScopes() {}

    /** The requested scopes this person could obtain themselves, in the order requested. */
    public static Set<String> available(RealmModel realm, UserModel user, Set<String> requested) {
        Set<String> userRoles = RoleUtils.getDeepUserRoleMappings(user).stream()
                .map(RoleModel::getId)
                .collect(Collectors.toSet());
        Set<String> available = new LinkedHashSet<>();
        for (String name : requested) {
            Optional<ClientScopeModel> scope = clientScope(realm, name);
            Set<String> scopeRoles = scope.map(s ->
                            RoleUtils.expandCompositeRoles(
                                            s.getScopeMappingsStream().collect(Collectors.toSet()))
                                    .stream()
                                    .map(RoleModel::getId)
                                    .collect(Collectors.toSet()))
                    .orElse(Set.of());
            if (ScopeEligibility.permitted(scope.isPresent(), scopeRoles, userRoles)) {
                available.add(name);
            }
        }
        return available;
    }

    private static Optional<ClientScopeModel> clientScope(RealmModel realm, String name) {
        return realm.getClientScopesStream()
                .filter(scope -> name.equals(scope.getName()))
                .findFirst();
    }
}
