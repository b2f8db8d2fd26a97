package dev.agentgrant.keycloak.console;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which file of the console a request path names, and what it is served as. Only paths made of plain segments
 * (letters, digits, {@code -}, {@code _}, one dot before a known extension) name a file: no {@code ..}, no empty or
 * hidden segment, no backslash or percent sign, no directory. Everything else is not found, so no request reaches
 * another resource of the jar (docs/console.md, "How it is served").
 */
record ConsoleAsset(String path, String contentType) {

    /** Where the console's files sit on the class path (the vendor files are unpacked there at build time). */
    static final String ROOT = "dev/agentgrant/keycloak/console/static/";

    private static final int MAX_PATH_LENGTH = 200;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern FILE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\\.([a-z0-9]{1,8})");

    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "woff2", "font/woff2",
            "svg", "image/svg+xml");

    /** The asset {@code relative} names below the console's root, if it is a well-formed name of a served kind. */
    static Optional<ConsoleAsset> named(String relative) {
        if (relative == null || relative.isEmpty() || relative.length() > MAX_PATH_LENGTH) {
            return Optional.empty();
        }
        String[] segments = relative.split("/", -1);
        for (int i = 0; i < segments.length - 1; i++) {
            if (!SEGMENT.matcher(segments[i]).matches()) {
                return Optional.empty();
            }
        }
        var file = FILE.matcher(segments[segments.length - 1]);
        if (!file.matches() || file.group().contains("..")) {
            return Optional.empty();
        }
        String type = TYPES.get(file.group(2).toLowerCase(Locale.ROOT));
        return type == null ? Optional.empty() : Optional.of(new ConsoleAsset(relative, type));
    }

    /** The class path resource of this asset. */
    String resource() {
        return ROOT + path;
    }
}
