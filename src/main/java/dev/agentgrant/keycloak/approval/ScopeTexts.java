package dev.agentgrant.keycloak.approval;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

/**
 * How the pages name a scope to a person, as Keycloak's own consent screen does: its client scope's <em>Consent
 * screen text</em> (a {@code ${key}} looked up in the login theme's messages), and whether an admin marked the client
 * scope sensitive (attribute {@value #SENSITIVE_ATTRIBUTE} {@code = true}; README.md, "Approvals").
 */
final class ScopeTexts {

    /** Client-scope attribute that marks a scope sensitive on the consent page and in the step-up's reason. */
    static final String SENSITIVE_ATTRIBUTE = "agent-grant.sensitive";

    private final RealmModel realm;
    private final Properties messages;

    private ScopeTexts(RealmModel realm, Properties messages) {
        this.realm = realm;
        this.messages = messages;
    }

    static ScopeTexts of(KeycloakSession session, RealmModel realm, Locale locale) {
        Properties messages;
        try {
            messages = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
        } catch (IOException e) {
            messages = new Properties();
        }
        return new ScopeTexts(realm, messages);
    }

    /** The login theme's messages in the page's language, merged with the extension's. */
    Properties messages() {
        return messages;
    }

    /** A scope's consent text; a {@code ${key}} reference is looked up in the login theme's messages. */
    Optional<String> consentText(String name) {
        return clientScope(name)
                .map(ClientScopeModel::getConsentScreenText)
                .filter(t -> !t.isBlank())
                .map(text -> {
                    if (text.startsWith("${") && text.endsWith("}")) {
                        return messages.getProperty(text.substring(2, text.length() - 1), text);
                    }
                    return text;
                });
    }

    boolean sensitive(String name) {
        return clientScope(name)
                .map(scope -> scope.getAttribute(SENSITIVE_ATTRIBUTE))
                .map(value -> "true".equalsIgnoreCase(value.strip()))
                .orElse(false);
    }

    /** The consent text, or else the scope's name: how a person reads it in a sentence. */
    String readable(String name) {
        return DisplayText.neutralise(consentText(name).orElse(name));
    }

    /** {@code name}, {@code consentText} when the scope has one, {@code sensitive}: for the pages' lists. */
    Map<String, Object> describe(String name) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("name", DisplayText.neutralise(name));
        consentText(name).ifPresent(text -> scope.put("consentText", DisplayText.neutralise(text)));
        scope.put("sensitive", sensitive(name));
        return scope;
    }

    private Optional<ClientScopeModel> clientScope(String name) {
        return realm.getClientScopesStream()
                .filter(scope -> name.equals(scope.getName()))
                .findFirst();
    }
}
