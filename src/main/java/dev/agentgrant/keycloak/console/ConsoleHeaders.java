package dev.agentgrant.keycloak.console;

import jakarta.ws.rs.core.Response;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The security headers of every console answer. The console is plain ES modules and PatternFly's stylesheet, all
 * from the console's own path, and talks only to its own server (the realm's token endpoint and the admin REST API),
 * so the policy allows nothing else: no inline script or style, no plugin, no base change, no framing, and the one
 * form it posts (sign-out, to the realm's logout endpoint) goes to its own server (docs/console.md, "How it is
 * served").
 */
final class ConsoleHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private ConsoleHeaders() {}

    /**
     * Keycloak's own security headers are the realm's settings for its login pages, and would replace this policy on
     * an HTML answer; they are turned off for the console's answers, which carry the console's own instead (with the
     * robots and transport-security headers Keycloak sends by default).
     */
    static Response.ResponseBuilder secure(KeycloakSession session, Response.ResponseBuilder builder) {
        SecurityHeadersProvider keycloakHeaders = session.getProvider(SecurityHeadersProvider.class);
        if (keycloakHeaders != null) {
            keycloakHeaders.options().skipHeaders();
        }
        return builder.header("X-Robots-Tag", "none")
                .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cross-Origin-Opener-Policy", "same-origin");
    }
}
