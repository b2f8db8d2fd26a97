package dev.agentgrant.keycloak.signal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A resource server's registration as a receiver of the revocation push, read from client attributes of its (audience)
 * client (README.md, "Revocation push"): {@value #PUSH_ENDPOINT}, where SETs are POSTed (RFC 8935 §2), and optionally
 * {@value #AUTHORIZATION_HEADER}, the whole {@code Authorization} header value the receiver expects (RFC 8935 §3 lets
 * the receiver authenticate the transmitter with any HTTP authentication scheme; e.g. {@code Bearer <token>}).
 *
 * <p>The endpoint is configured by an admin and fetched from the server's network position, so it is held to what a
 * push needs and nothing more: an absolute {@code https} URL (RFC 8935 pushes over TLS), or {@code http} to the
 * loopback interface only (a receiver on the same host, for development and tests), without credentials or fragment.
 * The header value must be visible ASCII and spaces, so it can never end the header or start another.
 */
public sealed interface ReceiverRegistration {

    String PUSH_ENDPOINT = "agent-grant.ssf.push-endpoint";
    String AUTHORIZATION_HEADER = "agent-grant.ssf.authorization-header";

    int MAX_ENDPOINT_LENGTH = 2048;
    int MAX_AUTHORIZATION_LENGTH = 4096;

    /** The client has no (or an empty) push endpoint: it receives nothing. */
    record None() implements ReceiverRegistration {}

    /** The client asks for pushes, but its attributes cannot be used as they are; every problem. */
    record Invalid(List<String> problems) implements ReceiverRegistration {
        public Invalid {
            problems = List.copyOf(problems);
        }

        public String summary() {
            return String.join("; ", problems);
        }
    }

    record Valid(URI endpoint, Optional<String> authorization) implements ReceiverRegistration {}

    /** Whether the client asks for pushes at all (a push endpoint is set), valid or not. */
    static boolean requested(Map<String, String> attributes) {
        String endpoint = attributes.get(PUSH_ENDPOINT);
        return endpoint != null && !endpoint.isBlank();
    }

    static ReceiverRegistration read(Map<String, String> attributes) {
        if (!requested(attributes)) {
            return new None();
        }
        List<String> problems = new ArrayList<>();
        URI endpoint = endpoint(attributes.get(PUSH_ENDPOINT).strip(), problems);
        String header = attributes.get(AUTHORIZATION_HEADER);
        Optional<String> authorization = Optional.empty();
        if (header != null && !header.isBlank()) {
            authorization = Optional.of(header.strip());
            checkHeader(authorization.get(), problems);
        }
        return problems.isEmpty() ? new Valid(endpoint, authorization) : new Invalid(problems);
    }

    private static URI endpoint(String value, List<String> problems) {
        if (value.length() > MAX_ENDPOINT_LENGTH) {
            problems.add(PUSH_ENDPOINT + " is longer than " + MAX_ENDPOINT_LENGTH + " characters");
            return null;
        }
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            problems.add(PUSH_ENDPOINT + " is not a URL: " + e.getReason());
            return null;
        }
        if (!url.isAbsolute()
                || url.isOpaque()
                || url.getHost() == null
                || url.getHost().isEmpty()) {
            problems.add(PUSH_ENDPOINT + " must be an absolute https URL with a host");
            return null;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            if (!Loopback.is(url.getHost())) {
                problems.add(PUSH_ENDPOINT + " must use https; plain http is allowed only to a loopback address"
                        + " (localhost, 127.0.0.0/8, [::1])");
            }
        } else if (!scheme.equals("https")) {
            problems.add(PUSH_ENDPOINT + " must use https, not " + scheme);
        }
        if (url.getRawUserInfo() != null) {
            problems.add(PUSH_ENDPOINT + " must not carry credentials; set " + AUTHORIZATION_HEADER + " instead");
        }
        if (url.getRawFragment() != null) {
            problems.add(PUSH_ENDPOINT + " must not have a fragment");
        }
        return url;
    }

    private static void checkHeader(String value, List<String> problems) {
        if (value.length() > MAX_AUTHORIZATION_LENGTH) {
            problems.add(AUTHORIZATION_HEADER + " is longer than " + MAX_AUTHORIZATION_LENGTH + " characters");
        } else if (!Loopback.VISIBLE_ASCII.matcher(value).matches()) {
            problems.add(AUTHORIZATION_HEADER + " may hold only visible ASCII characters and spaces");
        }
    }

    /** Loopback hosts as a URL names them: no name lookup, so nothing but these literals counts. */
    final class Loopback {

        static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x20-\\x7E]+");
        private static final Pattern IPV4_LOOPBACK =
                Pattern.compile("127\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}");

        private Loopback() {}

        static boolean is(String host) {
            String name = host.toLowerCase(Locale.ROOT);
            return name.equals("localhost")
                    || name.equals("[::1]")
                    || IPV4_LOOPBACK.matcher(name).matches();
        }
    }
}
