package dev.agentgrant.keycloak.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.FreePorts;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Email notices on a real Keycloak (README.md, "Email notices"), read from an SMTP server in the test JVM that the test
 * realm's SMTP settings point at: the person a login hint names, an admin's revocation, a used-up grant; nothing without
 * SMTP or for a hint that names nobody, and the agent's answer is the same either way.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailNoticesIT {

    private static final String REALM = AgentGrantFixture.REALM;
    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
    /** How long a mail that should not come is waited for, after one that should came. */
    private static final Duration QUIET_WAIT = Duration.ofSeconds(3);

    private KeycloakServer keycloak;
    private AgentGrantFixture fixture;
    private GreenMail smtp;
    private int smtpPort;

    @BeforeAll
    void start(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        ApprovalBrowserIT.ClientScopes.ensure(keycloak.admin());
        fixture = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-pending-requests", "50"));
        keycloak.admin().updateClient(REALM, fixture.agent, client -> client.put("name", "Mail test agent"));
        smtpPort = new FreePorts().next();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        smtpConfigured(true);
    }

    @AfterAll
    void stop() {
        // The realm is shared with the other tests: leave it without SMTP, as it was.
        smtpConfigured(false);
        smtp.stop();
    }

    @BeforeEach
    void emptyMailbox() throws Exception {
        smtpConfigured(true);
        smtp.purgeEmailFromAllMailboxes();
    }

    private void smtpConfigured(boolean on) {
        Map<String, Object> config = on
                ? Map.of("host", "127.0.0.1", "port", Integer.toString(smtpPort), "from", "sso@example.org")
                : Map.of();
        keycloak.admin().put("/realms/" + REALM, Map.of("smtpServer", config)).expect(204);
    }

    private String person(String prefix) {
        return ApprovedGrants.person(keycloak.admin(), prefix);
    }

    private JsonNode requestFor(String loginHint, String purpose) {
        return fixture.request(fixture.form(Map.of("login_hint", loginHint, "purpose", purpose)))
                .expect(201)
                .json();
    }

    @Test
    void thePersonALoginHintNamesGetsOneMailWithTheCodeAndTheLink() throws Exception {
        String alice = person("mail");

        JsonNode answer = requestFor(alice, "Read my calendar for the trip planning");

        Mail mail = onlyMailTo(alice + "@example.com");
        assertThat(mail.subject()).isEqualTo("Mail test agent asks for your approval");
        assertThat(mail.text())
                .contains("The agent Mail test agent asks you to approve a task.")
                .contains("in the agent's own words")
                .contains("\"Read my calendar for the trip planning\"");
        Matcher code = Pattern.compile("The code the agent shows: (\\S+)").matcher(mail.text());
        assertThat(code.find()).as("the user code in %s", mail.text()).isTrue();
        assertThat(code.group(1)).isEqualTo(answer.path("user_code").asText());
        Matcher link = Pattern.compile("open this link and sign in: (\\S+)").matcher(mail.text());
        assertThat(link.find()).as("the link in %s", mail.text()).isTrue();
        assertThat(link.group(1))
                .isEqualTo(answer.path("verification_uri_complete").asText());
        assertThat(mail.html())
                .contains("href=\"" + answer.path("verification_uri_complete").asText() + "\"")
                .contains("<bdi>Read my calendar for the trip planning</bdi>");
    }

    @Test
    void aHintThatNamesNobodySendsNothingAndTheAnswerDoesNotTell() throws Exception {
        String known = person("known");

        JsonNode toNobody = requestFor("nobody-" + known, "A task for nobody");
        JsonNode toKnown = requestFor(known, "A task for somebody");

        onlyMailTo(known + "@example.com");
        Thread.sleep(QUIET_WAIT.toMillis());
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(fieldNames(toNobody)).isEqualTo(fieldNames(toKnown));
        assertThat(toNobody.path("expires_in").asLong())
                .isCloseTo(toKnown.path("expires_in").asLong(), org.assertj.core.data.Offset.offset(5L));
    }

    @Test
    void withoutSmtpNothingIsSentTheRequestSucceedsAndTheLogSaysSoOnce() throws Exception {
        String bob = person("nosmtp");
        // A request while SMTP is set: whatever was said about this realm before (by another test) is forgotten.
        requestFor("nobody-" + bob, "Sent while SMTP is set");
        long logStart = logSize();
        smtpConfigured(false);

        for (int i = 0; i < 3; i++) {
            assertThat(fixture.request(fixture.form(Map.of("login_hint", bob))).status())
                    .isEqualTo(201);
        }
        Thread.sleep(QUIET_WAIT.toMillis());

        assertThat(smtp.getReceivedMessages()).isEmpty();
        List<String> said = newLogLines(logStart).stream()
                .filter(line -> line.contains("realm " + REALM + " has no SMTP server"))
                .toList();
        assertThat(said).hasSize(1);
        assertThat(newLogLines(logStart)).noneMatch(line -> line.contains("ERROR") && line.contains("dev.agentgrant"));
    }

    @Test
    void aRealmThatTurnedNoticesOffSendsNone() throws Exception {
        String frank = person("off");
        String grace = person("on");
        setNotices("false");
        try {
            assertThat(fixture.request(fixture.form(Map.of("login_hint", frank)))
                            .status())
                    .isEqualTo(201);
        } finally {
            setNotices("true");
        }
        requestFor(grace, "After turning them on again");

        onlyMailTo(grace + "@example.com");
        assertThat(mailsTo(frank + "@example.com")).isEmpty();
    }

    /** Sets the realm attribute, keeping the realm's other attributes as they are. */
    private void setNotices(String value) {
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        keycloak.admin()
                .getJson("/realms/" + REALM)
                .path("attributes")
                .properties()
                .forEach(attribute ->
                        attributes.put(attribute.getKey(), attribute.getValue().asText()));
        attributes.put(NoticeSetting.ATTRIBUTE, value);
        keycloak.admin()
                .put("/realms/" + REALM, Map.of("attributes", attributes))
                .expect(204);
    }

    @Test
    void anAdminsRevocationIsConfirmedToThePerson(Browser browser) throws Exception {
        String carol = person("revoked");
        String grantId = ApprovedGrants.approved(browser, fixture, carol, Map.of("purpose", "Send the weekly report"));
        onlyMailTo(carol + "@example.com"); // the request's notice
        smtp.purgeEmailFromAllMailboxes();

        keycloak.admin()
                .post("/realms/" + REALM + "/agent-grant/grants/" + grantId + "/revoke", Map.of())
                .expect(200);

        Mail mail = onlyMailTo(carol + "@example.com");
        assertThat(mail.subject()).isEqualTo("An administrator revoked an agent grant of yours");
        assertThat(mail.text())
                .contains("revoked this grant you had given an agent")
                .contains("Agent: Mail test agent")
                .contains("\"Send the weekly report\"")
                .contains("/realms/" + REALM + "/agent-grant/my-grants");
    }

    @Test
    void aBulkRevocationSendsAPersonOneMailListingAllTheirGrants(Browser browser) throws Exception {
        String dave = person("bulk");
        ApprovedGrants.approved(browser, fixture, dave, Map.of("purpose", "First task"));
        ApprovedGrants.approved(browser, fixture, dave, Map.of("purpose", "Second task"));
        waitForMails(dave + "@example.com", 2);
        smtp.purgeEmailFromAllMailboxes();

        JsonNode answer = keycloak.admin()
                .post(
                        "/realms/" + REALM + "/agent-grant/grants/revoke",
                        Map.of("user", ApprovedGrants.userId(keycloak.admin(), dave)))
                .expect(200)
                .json();

        assertThat(answer.path("revoked").asInt()).isEqualTo(2);
        Mail mail = onlyMailTo(dave + "@example.com");
        assertThat(mail.subject()).isEqualTo("An administrator revoked 2 agent grants of yours");
        assertThat(mail.text()).contains("\"First task\"", "\"Second task\"");
    }

    @Test
    void aGrantWhoseLastUseIsTakenIsReportedToThePerson(Browser browser) throws Exception {
        String erin = person("used");
        String grantId = ApprovedGrants.approved(
                browser, fixture, erin, Map.of("purpose", "Book one meeting room", "max_uses", "1"));
        onlyMailTo(erin + "@example.com");
        smtp.purgeEmailFromAllMailboxes();

        assertThat(ExchangeCalls.exchange(fixture.http(), fixture, grantId).status())
                .isEqualTo(200);

        Mail mail = onlyMailTo(erin + "@example.com");
        assertThat(mail.subject()).isEqualTo("Mail test agent has used up its task grant");
        assertThat(mail.text()).contains("has taken the last use").contains("\"Book one meeting room\"");
    }

    // ---- the mailbox ----

    private record Mail(String subject, String text, String html) {}

    /** Waits for the one mail to {@code address}, then checks no other mail came. */
    private Mail onlyMailTo(String address) throws Exception {
        List<MimeMessage> mails = waitForMails(address, 1);
        Thread.sleep(QUIET_WAIT.toMillis());
        assertThat(mailsTo(address)).as("mails to " + address).hasSize(1);
        return read(mails.get(0));
    }

    private List<MimeMessage> waitForMails(String address, int count) throws Exception {
        Instant deadline = Instant.now().plus(MAIL_WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> mails = mailsTo(address);
            if (mails.size() >= count) {
                return mails;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + count + " mail(s) to " + address + " within " + MAIL_WAIT + "; received: "
                + Arrays.toString(smtp.getReceivedMessages()) + "\n" + keycloak.logTail(40));
    }

    private List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(to -> to.toString().equalsIgnoreCase(address))) {
                mails.add(message);
            }
        }
        return mails;
    }

    private static Mail read(MimeMessage message) throws Exception {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        collect(message, text, html);
        return new Mail(message.getSubject(), text.toString(), html.toString());
    }

    private static void collect(Part part, StringBuilder text, StringBuilder html) throws Exception {
        if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        } else if (part.isMimeType("text/html")) {
            html.append(part.getContent());
        } else if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, text, html);
            }
        }
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = json.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    // ---- the server log ----

    private Path log() {
        return keycloak.logFile().orElseThrow(() -> new AssertionError("this test needs the server log"));
    }

    private long logSize() throws IOException {
        return Files.size(log());
    }

    private List<String> newLogLines(long from) throws IOException {
        byte[] all = Files.readAllBytes(log());
        return List.of(new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8).split("\\R"));
    }
}
