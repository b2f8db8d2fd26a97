package dev.agentgrant.keycloak.chaos;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * After both experiments: what the driver saw against what the database holds. Nothing the driver saw approved or
 * issued is missing; no grant gave more tokens than its uses (counted from both nodes' answers, and from the audit
 * records); and every state a grant is in has its audit record and every record its state — a grant's transition and
 * its record are written in one transaction, so neither a node's death nor the database's may leave one without the
 * other.
 */
final class RecordsCheck {

    static final String NAME = "Records after both experiments (SQL against what the driver saw)";

    private RecordsCheck() {}

    static void run(Verdicts verdicts, List<String> approved, List<Outcome> outcomes, GrantRecords records) {
        Set<String> missingGrants = approved.stream()
                .filter(id -> !records.grants.containsKey(id)
                        || records.grants.get(id).recorded("approved") != 1
                        || records.grants.get(id).recorded("requested") != 1)
                .collect(Collectors.toSet());
        List<String> seenJtis = outcomes.stream()
                .filter(Outcome::token)
                .map(o -> o.jti().orElse(""))
                .toList();
        Set<String> distinctJtis = new HashSet<>(seenJtis);
        long missingRecords = distinctJtis.stream()
                .filter(jti -> !records.issuedTokenIds.contains(jti))
                .count();
        int issuedRecords = records.grants.values().stream()
                .mapToInt(g -> g.recorded("token_issued"))
                .sum();
        verdicts.add(
                NAME,
                "no grant or audit record lost",
                missingGrants.isEmpty() && missingRecords == 0 && !seenJtis.contains(""),
                String.format(
                        "%d grants approved, %d of them without their row or requested/approved records; %d tokens"
                                + " seen by the driver, %d of them without a token_issued record naming their jti;"
                                + " %d token_issued records in all (%d name no jti)",
                        approved.size(),
                        missingGrants.size(),
                        seenJtis.size(),
                        missingRecords,
                        issuedRecords,
                        records.recordsWithoutTokenId));

        Map<String, Long> seenPerGrant = outcomes.stream()
                .filter(Outcome::token)
                .collect(Collectors.groupingBy(Outcome::grantId, Collectors.counting()));
        long overSeen = records.grants.values().stream()
                .filter(g -> seenPerGrant.getOrDefault(g.id(), 0L) > g.maxUses())
                .count();
        long overRecorded = records.grants.values().stream()
                .filter(g -> g.recorded("token_issued") > g.maxUses() || g.uses() > g.maxUses())
                .count();
        long exhausted = records.grants.values().stream()
                .filter(g -> g.status().equals("EXHAUSTED"))
                .count();
        verdicts.add(
                NAME,
                "no use spent twice",
                overSeen == 0 && seenJtis.size() == distinctJtis.size() && overRecorded == 0,
                String.format(
                        "grants with more tokens than uses: %d by the answers of both nodes, %d by the audit records"
                                + " or the use count; duplicate token ids: %d; %d grants used up (%d tokens seen,"
                                + " %d records, max uses %s)",
                        overSeen,
                        overRecorded,
                        seenJtis.size() - distinctJtis.size(),
                        exhausted,
                        seenJtis.size(),
                        issuedRecords,
                        records.grants.values().stream()
                                .map(GrantRecords.Grant::maxUses)
                                .distinct()
                                .toList()));

        long useWithoutRecord = records.grants.values().stream()
                .filter(g -> g.uses() != g.recorded("token_issued"))
                .count();
        long stateWithoutRecord = records.grants.values().stream()
                .filter(g -> g.status().equals("EXHAUSTED") != (g.recorded("exhausted") == 1)
                        || g.recorded("exhausted") > 1
                        || (g.status().equals("EXHAUSTED") && g.uses() != g.maxUses())
                        || (!g.status().equals("PENDING") && g.recorded("approved") != 1))
                .count();
        long unanswered = issuedRecords - distinctJtis.size();
        verdicts.add(
                NAME,
                "nothing half-written: every grant state change has its audit record and vice versa",
                useWithoutRecord == 0 && stateWithoutRecord == 0,
                String.format(
                        "%d grants checked: %d whose use count differs from their token_issued records, %d whose"
                                + " status (approved, exhausted) lacks its record or has one too many; %d uses spent"
                                + " whose answer never reached the driver (a node died or the database went away"
                                + " after the commit)",
                        records.grants.size(), useWithoutRecord, stateWithoutRecord, unanswered));
    }
}
