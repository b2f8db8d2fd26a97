package dev.agentgrant.keycloak.console;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The console's texts: the theme's messages whose key starts with {@value #PREFIX}, with the prefix taken off. They
 * stay {@code java.text.MessageFormat} patterns like every theme message (an apostrophe written {@code ''}); the
 * console fills in {@code {0}}, {@code {1}}… itself.
 */
final class ConsoleMessages {

    static final String PREFIX = "agentGrantConsole.";

    private ConsoleMessages() {}

    static Map<String, String> of(Properties messages) {
        Map<String, String> texts = new TreeMap<>();
        for (String key : messages.stringPropertyNames()) {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
                texts.put(key.substring(PREFIX.length()), messages.getProperty(key));
            }
        }
        return texts;
    }
}
