package dev.agentgrant.keycloak.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.TestGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TaskTokenStandingTest {

    private static final Instant APPROVED_AT = TestGrant.REQUESTED_AT.plusSeconds(60);
    private static final Instant NOW = APPROVED_AT.plusSeconds(120);
    private static final ActorChain.Actor ROOT = new ActorChain.Actor("agent-sa", "calendar-agent");
    private static final ActorChain.Actor HELPER = new ActorChain.Actor("helper-sa", "mail-helper");
    private static final ActorChain.Actor CHECKER = new ActorChain.Actor("checker-sa", "spell-checker");
    private static final TaskTokenStanding.Claims CLAIMS = claims(ActorChain.of(ROOT));
    private static final TaskTokenStanding.Agent AGENT = agent("agent-internal-id", "agent-sa", true, true, false);
    private static final TaskTokenStanding.Person PERSON =
            new TaskTokenStanding.Person(TestGrant.USER_ID, true, false, false);

    private static TaskGrant approved() {
        return TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofHours(1), Set.of("calendar.read"))
                .build();
    }

    private static TaskTokenStanding.Agent agent(
            String id, String serviceAccount, boolean enabled, boolean agent, boolean suspended) {
        return new TaskTokenStanding.Agent(id, Optional.of(serviceAccount), enabled, agent, suspended);
    }

    private static TaskTokenStanding.Claims claims(ActorChain chain) {
        return new TaskTokenStanding.Claims(
                TestGrant.ID, TestGrant.USER_ID, chain.current().clientId(), chain.claim("https://sso.example.com"));
    }

    private static Optional<String> reason(
            TaskTokenStanding.Claims claims,
            TaskGrant grant,
            TaskTokenStanding.Agent agent,
            TaskTokenStanding.Person person) {
        return chainReason(claims, grant, clientId -> clientId.equals("calendar-agent") ? agent : null, person);
    }

    private static Optional<String> chainReason(
            TaskTokenStanding.Claims claims,
            TaskGrant grant,
            Function<String, TaskTokenStanding.Agent> agents,
            TaskTokenStanding.Person person) {
        return TaskTokenStanding.inactiveReason(
                claims,
                Optional.ofNullable(grant),
                clientId -> Optional.ofNullable(agents.apply(clientId)),
                Optional.ofNullable(person),
                NOW);
    }

    @Test
    void aTokenOfAnApprovedGrantWhoseAgentAndPersonStandIsActive() {
        assertThat(reason(CLAIMS, approved(), AGENT, PERSON)).isEmpty();
    }

    @Test
    void anExhaustedGrantsTokensStayActiveUntilTheyExpire() {
        TaskGrant exhausted = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofHours(1), Set.of("calendar.read"))
                .status(GrantStatus.EXHAUSTED)
                .build();
        assertThat(reason(CLAIMS, exhausted, AGENT, PERSON)).isEmpty();
    }

    @Test
    void aRevokedExpiredOrUnapprovedGrantEndsItsTokens() {
        TaskGrant revoked = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofHours(1), Set.of("calendar.read"))
                .status(GrantStatus.REVOKED)
                .build();
        assertThat(reason(CLAIMS, revoked, AGENT, PERSON)).contains("grant_revoked");
        TaskGrant lapsed = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofSeconds(60), Set.of("calendar.read"))
                .build();
        assertThat(reason(CLAIMS, lapsed, AGENT, PERSON))
                .as("past its lifetime before the store wrote it down")
                .contains("grant_expired");
        TaskGrant expired = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofHours(1), Set.of("calendar.read"))
                .status(GrantStatus.EXPIRED)
                .build();
        assertThat(reason(CLAIMS, expired, AGENT, PERSON)).contains("grant_expired");
        TaskGrant exhaustedAndLapsed = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofSeconds(60), Set.of("calendar.read"))
                .status(GrantStatus.EXHAUSTED)
                .build();
        assertThat(reason(CLAIMS, exhaustedAndLapsed, AGENT, PERSON)).contains("grant_expired");
        TaskGrant denied =
                TestGrant.pending().ended(GrantStatus.DENIED, APPROVED_AT).build();
        assertThat(reason(CLAIMS, denied, AGENT, PERSON)).isPresent();
        assertThat(reason(CLAIMS, TestGrant.pending().build(), AGENT, PERSON)).isPresent();
    }

    @Test
    void aTokenCannotBorrowTheStandingOfAGrantThatIsNotItsOwn() {
        assertThat(reason(CLAIMS, null, AGENT, PERSON)).contains("grant_not_found");
        assertThat(reason(
                        new TaskTokenStanding.Claims(42, TestGrant.USER_ID, "calendar-agent", CLAIMS.act()),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_not_found");
        assertThat(reason(
                        new TaskTokenStanding.Claims(
                                "another-grant", TestGrant.USER_ID, "calendar-agent", CLAIMS.act()),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
        assertThat(reason(
                        new TaskTokenStanding.Claims(TestGrant.ID, "someone-else", "calendar-agent", CLAIMS.act()),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
        assertThat(reason(
                        claims(ActorChain.of(new ActorChain.Actor("other-sa", "other-agent"))),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
        assertThat(reason(
                        new TaskTokenStanding.Claims(TestGrant.ID, TestGrant.USER_ID, "other-agent", CLAIMS.act()),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
        assertThat(reason(
                        new TaskTokenStanding.Claims(TestGrant.ID, TestGrant.USER_ID, "calendar-agent", Map.of()),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
    }

    @Test
    void theAgentMustStillBeTheSameEnabledUnsuspendedAgent() {
        assertThat(reason(CLAIMS, approved(), null, PERSON)).contains("agent_not_found");
        assertThat(reason(CLAIMS, approved(), agent("recreated-id", "agent-sa", true, true, false), PERSON))
                .contains("agent_not_found");
        assertThat(reason(CLAIMS, approved(), agent("agent-internal-id", "agent-sa", false, true, false), PERSON))
                .contains("agent_disabled");
        assertThat(reason(CLAIMS, approved(), agent("agent-internal-id", "agent-sa", true, false, false), PERSON))
                .contains("not_an_agent");
        assertThat(reason(CLAIMS, approved(), agent("agent-internal-id", "agent-sa", true, true, true), PERSON))
                .contains("agent_suspended");
    }

    @Test
    void thePersonMustStillBeThereEnabledNotLockedOutAndTheirTokensNotRevoked() {
        assertThat(reason(CLAIMS, approved(), AGENT, null)).contains("user_not_found");
        assertThat(reason(
                        CLAIMS,
                        approved(),
                        AGENT,
                        new TaskTokenStanding.Person(TestGrant.USER_ID, false, false, false)))
                .contains("user_disabled");
        assertThat(reason(
                        CLAIMS, approved(), AGENT, new TaskTokenStanding.Person(TestGrant.USER_ID, true, true, false)))
                .contains("user_locked");
        assertThat(reason(
                        CLAIMS, approved(), AGENT, new TaskTokenStanding.Person(TestGrant.USER_ID, true, false, true)))
                .contains("user_tokens_revoked");
    }

    private static Function<String, TaskTokenStanding.Agent> chainAgents(
            TaskTokenStanding.Agent helper, TaskTokenStanding.Agent checker) {
        return clientId -> switch (clientId) {
            case "calendar-agent" -> AGENT;
            case "mail-helper" -> helper;
            case "spell-checker" -> checker;
            default -> null;
        };
    }

    @Test
    void aHandedOnTokenStandsWhileItsGrantPersonAndEveryAgentOfItsChainStand() {
        TaskTokenStanding.Claims handedOn =
                claims(ActorChain.of(ROOT).handedTo(HELPER).handedTo(CHECKER));
        TaskTokenStanding.Agent helper = agent("helper-id", "helper-sa", true, true, false);
        TaskTokenStanding.Agent checker = agent("checker-id", "checker-sa", true, true, false);
        assertThat(chainReason(handedOn, approved(), chainAgents(helper, checker), PERSON))
                .isEmpty();

        TaskGrant revoked = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofHours(1), Set.of("calendar.read"))
                .status(GrantStatus.REVOKED)
                .build();
        assertThat(chainReason(handedOn, revoked, chainAgents(helper, checker), PERSON))
                .as("ending the root grant ends every hop")
                .contains("grant_revoked");
        assertThat(chainReason(
                        handedOn,
                        approved(),
                        clientId -> clientId.equals("calendar-agent")
                                ? agent("agent-internal-id", "agent-sa", true, true, true)
                                : chainAgents(helper, checker).apply(clientId),
                        PERSON))
                .as("suspending the grant's agent ends every hop")
                .contains("agent_suspended");
        assertThat(chainReason(
                        handedOn,
                        approved(),
                        chainAgents(agent("helper-id", "helper-sa", true, true, true), checker),
                        PERSON))
                .as("a suspended agent in the middle ends the hops handed on from it")
                .contains("agent_suspended");
        assertThat(chainReason(
                        claims(ActorChain.of(ROOT).handedTo(HELPER)),
                        approved(),
                        chainAgents(helper, agent("checker-id", "checker-sa", true, true, true)),
                        PERSON))
                .as("suspending a sub-agent leaves the hops before it standing")
                .isEmpty();
        assertThat(chainReason(handedOn, approved(), chainAgents(helper, null), PERSON))
                .contains("agent_not_found");
        assertThat(chainReason(
                        handedOn,
                        approved(),
                        chainAgents(helper, agent("checker-id-2", "another-sa", true, true, false)),
                        PERSON))
                .as("a sub-agent deleted and created again under its client_id is another agent")
                .contains("agent_not_found");
        assertThat(chainReason(
                        handedOn,
                        approved(),
                        chainAgents(helper, agent("checker-id", "checker-sa", false, true, false)),
                        PERSON))
                .contains("agent_disabled");
        assertThat(chainReason(
                        handedOn,
                        approved(),
                        chainAgents(helper, agent("checker-id", "checker-sa", true, false, false)),
                        PERSON))
                .contains("not_an_agent");
    }

    @Test
    void aChainMustStartAtTheGrantsAgentEndAtTheTokensHolderAndRead() {
        TaskTokenStanding.Agent helper = agent("helper-id", "helper-sa", true, true, false);
        ActorChain foreignRoot =
                ActorChain.of(new ActorChain.Actor("other-sa", "other-agent")).handedTo(HELPER);
        assertThat(chainReason(claims(foreignRoot), approved(), chainAgents(helper, null), PERSON))
                .contains("grant_mismatch");
        ActorChain handedOn = ActorChain.of(ROOT).handedTo(HELPER);
        assertThat(chainReason(
                        new TaskTokenStanding.Claims(
                                TestGrant.ID, TestGrant.USER_ID, "calendar-agent", handedOn.claim("iss")),
                        approved(),
                        chainAgents(helper, null),
                        PERSON))
                .as("azp is not the outermost actor")
                .contains("grant_mismatch");
        assertThat(chainReason(
                        new TaskTokenStanding.Claims(
                                TestGrant.ID,
                                TestGrant.USER_ID,
                                "mail-helper",
                                Map.of("sub", "helper-sa", "client_id", "mail-helper", "act", List.of())),
                        approved(),
                        chainAgents(helper, null),
                        PERSON))
                .as("a nested act that is no object")
                .contains("grant_mismatch");
    }
}
