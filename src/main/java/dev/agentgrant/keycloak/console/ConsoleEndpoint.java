package dev.agentgrant.keycloak.console;

import dev.agentgrant.keycloak.support.ExtensionVersion;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

/**
 * {@code /realms/{realm}/agent-grant/console/}: the Agent Grant console, a single page for IAM admins
 * (docs/console.md). It serves only files: the page, its scripts and styles under {@code assets/{version}/}, and its
 * texts in the admin's language under {@code messages}. Signing in and every admin action happen in the browser,
 * against Keycloak's own token endpoint and the admin REST API with the admin's own token, so this endpoint decides
 * nothing about who may see what. Every answer, a 404 included, carries {@link ConsoleHeaders}.
 */
public final class ConsoleEndpoint {

    static final String INDEX = "index.html";
    static final String ASSETS = "assets";
    static final String MESSAGES = "messages";

    private static final String CACHE_CONTROL = "Cache-Control";
    private static final String NO_CACHE = "no-cache";

    /** A year: asset URLs carry the extension's version, so a new release is a new URL. */
    private static final int RELEASE_ASSET_MAX_AGE = 365 * 24 * 3600;

    private final KeycloakSession session;
    private final String version;

    public ConsoleEndpoint(KeycloakSession session, ExtensionVersion version) {
        this.session = session;
        this.version = version.version();
    }

    /** The page itself; {@code …/console} without the slash is sent to {@code …/console/}, where relative URLs work. */
    @GET
    public Response page() {
        URI uri = session.getContext().getUri().getRequestUri();
        if (!uri.getRawPath().endsWith("/")) {
            return ConsoleHeaders.secure(
                            session,
                            Response.status(Response.Status.FOUND).location(URI.create(uri.getRawPath() + "/")))
                    .build();
        }
        Locale locale = session.getContext().resolveLocale(null);
        String html = Page.TEMPLATE
                .replace("@LANG@", locale.toLanguageTag())
                .replace("@ASSETS@", ASSETS + "/" + version + "/");
        return ConsoleHeaders.secure(session, Response.ok(html, MediaType.TEXT_HTML + ";charset=utf-8"))
                .header(CACHE_CONTROL, NO_CACHE)
                .build();
    }

    /** The console's texts for the admin's language (the realm's locales and {@code Accept-Language}). */
    @GET
    @Path(MESSAGES)
    public Response messages() {
        RealmModel realm = session.getContext().getRealm();
        Locale locale = session.getContext().resolveLocale(null);
        Properties messages;
        try {
            messages = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("locale", locale.toLanguageTag());
        body.put("messages", ConsoleMessages.of(messages));
        return ConsoleHeaders.secure(session, Response.ok(body, MediaType.APPLICATION_JSON_TYPE))
                .header(CACHE_CONTROL, NO_CACHE)
                .header("Vary", "Accept-Language")
                .build();
    }

    /** A script, stylesheet or font of this version of the console. */
    @GET
    @Path(ASSETS + "/{version}/{path: .+}")
    public Response asset(@PathParam("version") String assetVersion, @PathParam("path") String path) {
        if (!version.equals(assetVersion)) {
            return notFound();
        }
        return ConsoleAsset.named(path)
                .flatMap(asset -> {
                    InputStream in = ConsoleEndpoint.class.getClassLoader().getResourceAsStream(asset.resource());
                    return Optional.ofNullable(in)
                            .map(stream -> ConsoleHeaders.secure(session, Response.ok(stream, asset.contentType()))
                                    .header(CACHE_CONTROL, assetCaching())
                                    .build());
                })
                .orElseGet(this::notFound);
    }

    /** Any other path below the console. */
    @GET
    @Path("{other: .+}")
    public Response other() {
        return notFound();
    }

    private Response notFound() {
        return ConsoleHeaders.secure(
                        session,
                        Response.status(Response.Status.NOT_FOUND)
                                .entity("Not found")
                                .type(MediaType.TEXT_PLAIN + ";charset=utf-8"))
                .header(CACHE_CONTROL, NO_CACHE)
                .build();
    }

    /**
     * Released assets never change under their URL; a development build (a {@code -SNAPSHOT} version) keeps its URL
     * across builds, so the browser asks again each time.
     */
    private String assetCaching() {
        return version.endsWith("-SNAPSHOT") ? NO_CACHE : "public, max-age=" + RELEASE_ASSET_MAX_AGE + ", immutable";
    }

    /** The page's template, read once. */
    private static final class Page {
        static final String TEMPLATE = read(ConsoleAsset.ROOT + INDEX);
    }

    private static String read(String resource) {
        try (InputStream in = ConsoleEndpoint.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The console's " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
