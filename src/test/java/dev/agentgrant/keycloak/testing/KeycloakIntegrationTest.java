package dev.agentgrant.keycloak.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that drives a real Keycloak with the extension: test methods and constructors may take a
 * {@link KeycloakServer} parameter. The server is started once per test run and shared by all such classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakExtension.class)
public @interface KeycloakIntegrationTest {}
