package dev.agentgrant.keycloak.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The language of a {@link Browser} parameter that {@link BrowserExtension} starts, as a BCP 47 tag
 * ({@code "de"}, {@code "pt-BR"}); without it the browser is American English.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface BrowserLocale {

    String value();
}
