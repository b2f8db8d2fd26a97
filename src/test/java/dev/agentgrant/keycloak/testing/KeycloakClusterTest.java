package dev.agentgrant.keycloak.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs two Keycloak nodes sharing one database ({@link KeycloakCluster} parameter).
 * Tagged {@code cluster}: the default run skips it, {@code ./mvnw verify -Pcluster} runs it on PostgreSQL.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("cluster")
@ExtendWith(KeycloakClusterExtension.class)
public @interface KeycloakClusterTest {}
