package dev.agentgrant.keycloak.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** How the pages and the emails name an agent and write a time for a person, so both say it the same way. */
public final class HumanText {

    private HumanText() {}

    /** A client's display name: its name when set (and not a {@code ${…}} message key), else its client_id. */
    public static String clientName(String clientName, String clientId) {
        return clientName == null || clientName.isBlank() || clientName.startsWith("${") ? clientId : clientName;
    }

    /** A date and time in the person's language, in UTC and saying so. */
    public static String dateTime(Instant instant, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                        .withLocale(locale == null ? Locale.ENGLISH : locale)
                        .withZone(ZoneOffset.UTC)
                        .format(instant)
                + " UTC";
    }
}
