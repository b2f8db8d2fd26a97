package dev.agentgrant.keycloak.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the database holds of one agent's grants after the experiments, read with SQL: each grant's row (status, uses,
 * maximum) and its audit records by action, and the token ids the {@code token_issued} records name.
 */
final class GrantRecords {

    /** One grant's row and the counts of its audit records by action. */
    record Grant(String id, String status, int uses, int maxUses, Map<String, Integer> records) {

        int recorded(String action) {
            return records.getOrDefault(action, 0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, Grant> grants = new LinkedHashMap<>();
    final Set<String> issuedTokenIds = new HashSet<>();
    /** {@code token_issued} records whose details name no token id. */
    int recordsWithoutTokenId;

    static GrantRecords read(String jdbcUrl, String agentClientId) {
        GrantRecords records = new GrantRecords();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            Map<String, Map<String, Integer>> actions = new HashMap<>();
            try (PreparedStatement audit = connection.prepareStatement(
                    "SELECT GRANT_ID, ACTION, DETAILS FROM AGENT_GRANT_AUDIT WHERE AGENT_CLIENT_ID = ? AND GRANT_ID IS NOT NULL")) {
                audit.setString(1, agentClientId);
                try (ResultSet rows = audit.executeQuery()) {
                    while (rows.next()) {
                        String action = rows.getString(2);
                        actions.computeIfAbsent(rows.getString(1), id -> new HashMap<>())
                                .merge(action, 1, Integer::sum);
                        if (action.equals("token_issued")) {
                            String tokenId = tokenId(rows.getString(3));
                            if (tokenId.isEmpty()) {
                                records.recordsWithoutTokenId++;
                            } else {
                                records.issuedTokenIds.add(tokenId);
                            }
                        }
                    }
                }
            }
            try (PreparedStatement grants = connection.prepareStatement(
                    "SELECT ID, STATUS, USES, MAX_USES FROM AGENT_GRANT_TASK_GRANT WHERE AGENT_CLIENT_ID = ? ORDER BY REQUESTED_AT")) {
                grants.setString(1, agentClientId);
                try (ResultSet rows = grants.executeQuery()) {
                    while (rows.next()) {
                        String id = rows.getString(1);
                        records.grants.put(
                                id,
                                new Grant(
                                        id,
                                        rows.getString(2),
                                        rows.getInt(3),
                                        rows.getInt(4),
                                        actions.getOrDefault(id, Map.of())));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the grants at " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return records;
    }

    /**
     * The reasons of the {@code token_refused} records of one grant, oldest first: the answer only says that the
     * presentation was not accepted, the record says why (docs/wire-contract.md, "Exchange").
     */
    static List<String> refusalReasons(String jdbcUrl, String grantId) {
        List<String> reasons = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement refused = connection.prepareStatement(
                        "SELECT DETAILS FROM AGENT_GRANT_AUDIT WHERE GRANT_ID = ? AND ACTION = 'token_refused'"
                                + " ORDER BY RECORDED_AT")) {
            refused.setString(1, grantId);
            try (ResultSet rows = refused.executeQuery()) {
                while (rows.next()) {
                    reasons.add(JSON.readTree(rows.getString(1)).path("reason").asText());
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot read the refusals of grant " + grantId + ": " + e.getMessage(), e);
        }
        return reasons;
    }

    private static String tokenId(String details) {
        try {
            return details == null
                    ? ""
                    : JSON.readTree(details).path("token_id").asText();
        } catch (IOException e) {
            return "";
        }
    }
}
