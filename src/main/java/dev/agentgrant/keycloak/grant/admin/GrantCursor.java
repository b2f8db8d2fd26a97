package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.GrantIds;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code after} cursor of the grant list: where the previous page ended, as the request time (epoch milliseconds)
 * and id of its last grant, the two keys the list is ordered by. Opaque to clients (base64url without padding), so
 * its content may change; a value this API did not answer is refused, never read as "from the start".
 */
final class GrantCursor {

    static final String MALFORMED = GrantListQuery.AFTER
            + " is not a cursor this list answered; use the next cursor of a previous page, or leave it out for the"
            + " first page";

    /** Epoch milliseconds (up to fifteen digits, beyond the year 30000), a dot, a grant id. */
    private static final Pattern CONTENT = Pattern.compile("([0-9]{1,15})\\.([A-Za-z0-9_-]{" + GrantIds.LENGTH + "})");
    /** Longest encoding of the longest content: base64 of 15 + 1 + 43 bytes. */
    private static final int MAX_LENGTH = 80;

    private GrantCursor() {}

    static String encode(GrantSearch.Position position) {
        String content = position.requestedAtMillis() + "." + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(content.getBytes(StandardCharsets.US_ASCII));
    }

    static GrantSearch.Position decode(String cursor) throws InvalidAdminRequest {
        if (cursor.length() > MAX_LENGTH || cursor.contains("=")) {
            throw new InvalidAdminRequest(MALFORMED);
        }
        String content;
        try {
            content = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new InvalidAdminRequest(MALFORMED);
        }
        Matcher matcher = CONTENT.matcher(content);
        if (!matcher.matches()) {
            throw new InvalidAdminRequest(MALFORMED);
        }
        return new GrantSearch.Position(Long.parseLong(matcher.group(1)), matcher.group(2));
    }
}
