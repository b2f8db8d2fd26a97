package dev.agentgrant.keycloak.chaos;

import java.util.regex.Pattern;

/**
 * What one answer of the token endpoint was, as a client sees it: a token; an error an OAuth client can act on
 * (RFC 6749 §5.2: a JSON object with an {@code error} code, no server internals); a server error of Keycloak's
 * catch-all (500 {@code unknown_error}); an answer that shows internals (a stack trace, an exception's class name);
 * or no answer at all (connection refused or reset, timeout).
 */
enum AnswerKind {
    TOKEN,
    OAUTH_ERROR,
    SERVER_ERROR,
    LEAK,
    NO_ANSWER;

    private static final Pattern ERROR_MEMBER =
            Pattern.compile("^\\s*\\{.*\"error\"\\s*:\\s*\"[\\x21-\\x7e&&[^\"\\\\]]+\"");
    private static final Pattern INTERNALS =
            Pattern.compile("(\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|[a-z]\\w*(\\.\\w+)+(Exception|Error)\\b|Caused by:)");

    static AnswerKind of(int status, String body) {
        String text = body == null ? "" : body;
        if (INTERNALS.matcher(text).find()) {
            return LEAK;
        }
        if (status == 200 && text.contains("\"access_token\"")) {
            return TOKEN;
        }
        boolean shaped = ERROR_MEMBER.matcher(text).find() && !text.contains("\"unknown_error\"");
        if (status >= 500 && !shaped) {
            return SERVER_ERROR;
        }
        return shaped ? OAUTH_ERROR : SERVER_ERROR;
    }

    /** The {@code error} code of an RFC-shaped error body, or a short description of what came back instead. */
    static String label(int status, String body) {
        java.util.regex.Matcher code =
                Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"").matcher(body == null ? "" : body);
        return status + " " + (code.find() ? code.group(1) : "(no error code)");
    }
}
