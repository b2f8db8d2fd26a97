package dev.agentgrant.keycloak.grant.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.grant.GrantIds;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grant list's keyset cursor: what a page answers is read back exactly, anything else is refused. */
class GrantCursorTest {

    @Test
    void aCursorReadsBackAsThePositionItWasMadeOf() throws Exception {
        GrantSearch.Position position = new GrantSearch.Position(1_767_225_600_123L, GrantIds.generate());

        String cursor = GrantCursor.encode(position);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(GrantCursor.decode(cursor)).isEqualTo(position);
    }

    @Test
    void theEarliestAndTheLatestTimesAreCursorsToo() throws Exception {
        for (long millis : new long[] {0, 999_999_999_999_999L}) {
            GrantSearch.Position position = new GrantSearch.Position(millis, "_".repeat(GrantIds.LENGTH));
            assertThat(GrantCursor.decode(GrantCursor.encode(position))).isEqualTo(position);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x",
                "not a cursor",
                "MTc2NzIyNTYwMDEyMy5B", // "1767225600123.A": the id is not a grant id
                "====",
                "%%%",
            })
    void aValueThisListDidNotAnswerIsRefused(String cursor) {
        assertThatThrownBy(() -> GrantCursor.decode(cursor))
                .isInstanceOf(InvalidAdminRequest.class)
                .hasMessage(GrantCursor.MALFORMED);
    }

    @Test
    void aNegativeTimeAPaddedOrAnOverlongCursorIsRefused() {
        String id = "A".repeat(GrantIds.LENGTH);
        for (String content : new String[] {"-1." + id, "1." + id + "A", "1.." + id, "1234567890123456." + id}) {
            String cursor =
                    Base64.getUrlEncoder().withoutPadding().encodeToString(content.getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> GrantCursor.decode(cursor)).as(content).isInstanceOf(InvalidAdminRequest.class);
        }
        String padded = Base64.getUrlEncoder().encodeToString(("1." + id).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> GrantCursor.decode(padded + "=")).isInstanceOf(InvalidAdminRequest.class);
        assertThatThrownBy(() -> GrantCursor.decode("A".repeat(81))).isInstanceOf(InvalidAdminRequest.class);
    }
}
