package dev.agentgrant.keycloak.support;

import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;

/**
 * Reads the query and the form body of a request to the extension's endpoints strictly ({@link UrlEncodedForm}),
 * before Keycloak's HTTP layer parses them.
 *
 * <p>Keycloak 26.7 parses the form body of every {@code POST}, {@code PUT} and {@code PATCH} before the resource
 * method runs (its {@code KeycloakHandlerChainCustomizer} adds RESTEasy Reactive's {@code FormBodyHandler}). That parser
 * throws on a {@code %} without two hexadecimal digits — which Keycloak answers with 500 — and replaces bytes that are
 * not UTF-8 with U+FFFD, silently. The extension's sub-resource locators call {@link #read} first, while the body is
 * still unread: it reads the bytes, parses them strictly and hands the result to the request as its parsed form, so
 * that the handler has nothing left to parse and every later reader — the extension and Keycloak's client
 * authenticators alike ({@code getDecodedFormParameters()}) — sees exactly the strictly decoded values. The raw bytes
 * stay readable as the request's body. A JSON body (the admin endpoints') is read the same way and checked to be
 * well-formed UTF-8 before Keycloak's Jackson reads it from the same bytes.
 */
public final class StrictForms {

    /** Largest form body read: two token-sized parameters (20 000 characters each, up to 3 bytes per character when
     *  percent-encoded) and the rest of a grant request fit several times over. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    /** Largest query read; the extension's queries are a few short parameters. */
    public static final int MAX_QUERY_BYTES = 8 * 1024;
    /** Largest JSON body read (admin endpoints): a registered provenance envelope of 128 Ki characters fits. */
    public static final int MAX_JSON_BYTES = 1024 * 1024;

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private StrictForms() {}

    /**
     * Checks the query and, for a form-encoded body, reads and parses the body and makes it the request's form.
     *
     * @return the strictly parsed form body (empty for a request without one)
     */
    public static UrlEncodedForm read(KeycloakSession session) throws UrlEncodedForm.Malformed {
        HttpRequest request = session.getContext().getHttpRequest();
        UrlEncodedForm.parseQuery(request.getUri().getRequestUri().getRawQuery(), MAX_QUERY_BYTES);
        if (!BODY_METHODS.contains(request.getHttpMethod())) {
            return UrlEncodedForm.empty();
        }
        MediaType type;
        try {
            type = request.getHttpHeaders().getMediaType();
        } catch (RuntimeException unreadable) {
            throw malformed("malformed_content_type", "The Content-Type header cannot be read");
        }
        if (type == null) {
            return UrlEncodedForm.empty();
        }
        if ("multipart".equalsIgnoreCase(type.getType())) {
            // None of the extension's endpoints takes multipart; Keycloak's handler would parse it all the same.
            throw malformed("unsupported_content_type", "multipart bodies are not accepted here");
        }
        boolean json = isJson(type);
        if (!json && !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return UrlEncodedForm.empty();
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
            throw malformed("unsupported_charset", "Bodies must be UTF-8");
        }
        ResteasyReactiveRequestContext context = CurrentRequestManager.get();
        if (json) {
            // JSON is parsed by Keycloak's Jackson, which takes overlong forms and encoded surrogates as characters:
            // the bytes are checked here (RFC 8259 §8.1: JSON exchanged between systems is UTF-8) and handed back.
            byte[] body = readBody(context, MAX_JSON_BYTES);
            if (body.length > MAX_JSON_BYTES) {
                throw malformed("too_large", "The JSON body is larger than " + MAX_JSON_BYTES + " bytes");
            }
            if (!UrlEncodedForm.isUtf8(body)) {
                throw malformed("invalid_utf8", "The JSON body holds bytes that are not valid UTF-8");
            }
            return UrlEncodedForm.empty();
        }
        if (context != null && context.getFormData() != null) {
            throw new IllegalStateException("The form was parsed before the extension could read it strictly");
        }
        byte[] body = readBody(context, MAX_BODY_BYTES);
        UrlEncodedForm form = UrlEncodedForm.parse(body, MAX_BODY_BYTES);
        int values = form.parameters().values().stream().mapToInt(List::size).sum();
        FormData parsed = new FormData(values + 1);
        for (Map.Entry<String, List<String>> parameter : form.parameters().entrySet()) {
            parameter.getValue().forEach(value -> parsed.add(parameter.getKey(), value));
        }
        context.setFormData(parsed);
        return form;
    }

    /** At most {@code max} + 1 bytes of the body, which stay readable as the request's body. */
    private static byte[] readBody(ResteasyReactiveRequestContext context, int max) {
        if (context == null) {
            throw new IllegalStateException("No RESTEasy Reactive request is being processed");
        }
        byte[] body;
        try {
            InputStream in = context.getInputStream();
            body = in.readNBytes(max + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("The request body cannot be read", e);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return body;
    }

    private static boolean isJson(MediaType type) {
        return type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || "application".equalsIgnoreCase(type.getType())
                        && type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json");
    }

    private static UrlEncodedForm.Malformed malformed(String reason, String description) {
        return new UrlEncodedForm.Malformed(reason, description);
    }
}
