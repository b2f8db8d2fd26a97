package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.store.GrantSearch;
import java.util.LinkedHashSet;
import java.util.Set;
import org.keycloak.models.UserModel;

/**
 * The person whose grants an admin lists, exports or erases: the grants they approved or denied, and the requests no
 * person decided (waiting, expired, or denied by an admin) whose {@code login_hint} names their username or email. Unlike the consent page (which lets a person claim a request by
 * verified email only), the admin view includes an unverified email: the question here is whose data a row holds, not
 * who may approve it.
 */
final class GrantOwner {

    private GrantOwner() {}

    static GrantSearch.Person of(UserModel user) {
        return new GrantSearch.Person(user.getId(), loginHints(user.getUsername(), user.getEmail()));
    }

    static Set<String> loginHints(String username, String email) {
        Set<String> hints = new LinkedHashSet<>();
        if (username != null && !username.isEmpty()) {
            hints.add(username);
        }
        if (email != null && !email.isEmpty()) {
            hints.add(email);
        }
        return hints;
    }
}
