package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.attestation.provenance.RegisteredProvenanceEntity;
import dev.agentgrant.keycloak.grant.audit.AuditDetails;
import dev.agentgrant.keycloak.grant.audit.GrantAuditEntity;
import dev.agentgrant.keycloak.grant.request.GrantRequestParameters;
import dev.agentgrant.keycloak.grant.store.TaskGrantEntity;
import jakarta.persistence.Column;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ColumnLimitsTest {

    private static final Map<String, Class<?>> ENTITIES = Map.of(
            "AGENT_GRANT_TASK_GRANT", TaskGrantEntity.class,
            "AGENT_GRANT_AUDIT", GrantAuditEntity.class,
            "AGENT_GRANT_PROVENANCE", RegisteredProvenanceEntity.class,
            "AGENT_GRANT_PROV_SUBJECT", RegisteredProvenanceEntity.class);

    /** Each limit equals the column's size in the changelog that creates it and in the entity that maps it. */
    @ParameterizedTest
    @CsvSource({
        "AGENT_GRANT_TASK_GRANT, PURPOSE, 600",
        "AGENT_GRANT_TASK_GRANT, LOGIN_HINT, 255",
        "AGENT_GRANT_TASK_GRANT, AUDIENCE, 255",
        "AGENT_GRANT_TASK_GRANT, REQUESTED_SCOPE, 4000",
        "AGENT_GRANT_TASK_GRANT, APPROVED_SCOPE, 4000",
        "AGENT_GRANT_TASK_GRANT, ATTESTATION_JTI, 255",
        "AGENT_GRANT_TASK_GRANT, ENDED_BY, 255",
        "AGENT_GRANT_AUDIT, DETAILS, 4000",
        "AGENT_GRANT_PROVENANCE, PREDICATE_TYPE, 255",
        "AGENT_GRANT_PROV_SUBJECT, DIGEST, 200"
    })
    void limitsAreTheColumnsSizes(String table, String column, int expected) throws Exception {
        assertThat(changelogSize(table, column))
                .as("changelog %s.%s", table, column)
                .isEqualTo(expected);
        assertThat(entityLength(ENTITIES.get(table), column))
                .as("entity %s.%s", table, column)
                .isEqualTo(expected);
    }

    @Test
    void theConstantsAreThoseSizes() {
        assertThat(ColumnLimits.PURPOSE).isEqualTo(600);
        assertThat(ColumnLimits.LOGIN_HINT).isEqualTo(255);
        assertThat(ColumnLimits.AUDIENCE).isEqualTo(255);
        assertThat(ColumnLimits.SCOPE).isEqualTo(4000);
        assertThat(ColumnLimits.ATTESTATION_JTI).isEqualTo(255);
        assertThat(ColumnLimits.ENDED_BY).isEqualTo(255);
        assertThat(ColumnLimits.AUDIT_DETAILS).isEqualTo(4000).isEqualTo(AuditDetails.MAX_LENGTH);
        assertThat(ColumnLimits.PREDICATE_TYPE).isEqualTo(255);
        assertThat(ColumnLimits.SUBJECT_DIGEST).isEqualTo(200);
    }

    @Test
    void thePurposeLimitInCodePointsFitsItsColumnInUtf16Units() {
        // Every code point takes at most two UTF-16 units.
        assertThat(2 * GrantRequestParameters.MAX_PURPOSE_LENGTH).isLessThanOrEqualTo(ColumnLimits.PURPOSE);
        assertThat(GrantRequestParameters.MAX_LOGIN_HINT_LENGTH).isEqualTo(ColumnLimits.LOGIN_HINT);
    }

    @Test
    void valuesAreCountedInUtf16Units() {
        String emoji = "\ud83d\ude00";
        assertThat(ColumnLimits.fits(emoji.repeat(127) + "a", 255)).isTrue();
        assertThat(ColumnLimits.fits(emoji.repeat(128), 255)).isFalse();
        assertThat(ColumnLimits.fits("a".repeat(255), 255)).isTrue();
        assertThat(ColumnLimits.fits("a".repeat(256), 255)).isFalse();
    }

    private static int changelogSize(String table, String column) throws Exception {
        try (InputStream changelog =
                ColumnLimitsTest.class.getResourceAsStream("/META-INF/agent-grant/db.changelog-0.1.0.xml")) {
            NodeList tables = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(changelog)
                    .getElementsByTagName("createTable");
            for (int t = 0; t < tables.getLength(); t++) {
                Element created = (Element) tables.item(t);
                if (!created.getAttribute("tableName").equals(table)) {
                    continue;
                }
                NodeList columns = created.getElementsByTagName("column");
                for (int c = 0; c < columns.getLength(); c++) {
                    Element defined = (Element) columns.item(c);
                    if (defined.getAttribute("name").equals(column)) {
                        String type = defined.getAttribute("type");
                        assertThat(type).startsWith("VARCHAR(");
                        return Integer.parseInt(type.substring("VARCHAR(".length(), type.length() - 1));
                    }
                }
            }
        }
        throw new AssertionError("No column " + table + "." + column + " in the changelog");
    }

    private static int entityLength(Class<?> entity, String column) {
        return Arrays.stream(entity.getDeclaredFields())
                .map((Field field) -> field.getAnnotation(Column.class))
                .filter(annotation -> annotation != null && annotation.name().equals(column))
                .mapToInt(Column::length)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No column " + column + " in " + entity.getSimpleName()));
    }
}
