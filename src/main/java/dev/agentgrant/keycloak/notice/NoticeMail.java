package dev.agentgrant.keycloak.notice;

import dev.agentgrant.keycloak.support.HumanText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The messages a transaction's notices become: one per waiting request, one per used-up grant, and one per person for
 * all of their grants an admin revoked in that transaction — a bulk revocation that ends twenty of someone's grants
 * sends them one message listing them (at most {@link #MAX_LISTED}, then how many more), not twenty.
 *
 * <p>Each message names its template (themes/templates/html and text, README.md "Email notices"), its subject key and
 * arguments, and the attribute {@value #ATTRIBUTE} the templates read (maps, since Keycloak's FreeMarker does not read
 * records).
 */
public final class NoticeMail {

    public static final String ATTRIBUTE = "agentGrantNotice";
    static final int MAX_LISTED = 20;

    static final String REQUEST_TEMPLATE = "agent-grant-request-waiting.ftl";
    static final String REVOKED_TEMPLATE = "agent-grant-grants-revoked.ftl";
    static final String EXHAUSTED_TEMPLATE = "agent-grant-grant-exhausted.ftl";

    /** Who a message goes to: a user by id, or whoever a login hint names. */
    public record To(String realmId, String userId, String loginHint) {
        static To user(String realmId, String userId) {
            return new To(realmId, userId, null);
        }

        static To hinted(String realmId, String loginHint) {
            return new To(realmId, null, loginHint);
        }
    }

    /** One email: to whom, the subject's message key and arguments, the template and its attribute. */
    public record Message(
            To to, String subjectKey, List<Object> subjectArguments, String template, Map<String, Object> attribute) {}

    private NoticeMail() {}

    /**
     * @param notices   what the transaction did, in order
     * @param agentName the name to show for an agent of a realm (its client's name now, or its client_id)
     * @param locale    the language dates are written in, per recipient
     */
    public static List<Message> compose(
            List<Notice> notices, BiFunction<String, Notice.Agent, String> agentName, Function<To, Locale> locale) {
        List<Message> messages = new ArrayList<>();
        Map<To, List<Notice.GrantEnded>> revoked = new LinkedHashMap<>();
        for (Notice notice : notices) {
            if (notice instanceof Notice.RequestWaiting waiting) {
                To to = To.hinted(waiting.realmId(), waiting.loginHint());
                messages.add(requestWaiting(
                        to, waiting, agentName.apply(waiting.realmId(), waiting.agent()), locale.apply(to)));
            } else if (notice instanceof Notice.GrantEnded ended) {
                To to = To.user(ended.realmId(), ended.userId());
                if (ended.how() == Notice.How.EXHAUSTED) {
                    messages.add(exhausted(to, ended, agentName.apply(ended.realmId(), ended.agent())));
                } else {
                    revoked.computeIfAbsent(to, key -> new ArrayList<>()).add(ended);
                }
            }
        }
        revoked.forEach((to, grants) -> messages.add(revoked(to, grants, agentName)));
        return messages;
    }

    private static Message requestWaiting(To to, Notice.RequestWaiting waiting, String agent, Locale locale) {
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("agentName", agent);
        attribute.put("agentClientId", waiting.agent().clientId());
        attribute.put("purpose", waiting.purpose());
        attribute.put("userCode", waiting.userCode());
        attribute.put("verificationUri", waiting.verificationUri());
        attribute.put("verificationUriComplete", waiting.verificationUriComplete());
        attribute.put("expiresAt", HumanText.dateTime(waiting.approvalExpiresAt(), locale));
        return new Message(
                to, "agentGrantMailRequestSubject", List.of(subjectText(agent)), REQUEST_TEMPLATE, attribute);
    }

    private static Message exhausted(To to, Notice.GrantEnded ended, String agent) {
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("agentName", agent);
        attribute.put("agentClientId", ended.agent().clientId());
        attribute.put("purpose", ended.purpose());
        attribute.put("grantId", ended.grantId());
        attribute.put("myGrantsUrl", ended.myGrantsUrl() == null ? "" : ended.myGrantsUrl());
        return new Message(
                to, "agentGrantMailExhaustedSubject", List.of(subjectText(agent)), EXHAUSTED_TEMPLATE, attribute);
    }

    private static Message revoked(
            To to, List<Notice.GrantEnded> grants, BiFunction<String, Notice.Agent, String> agentName) {
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Notice.GrantEnded grant : grants.subList(0, Math.min(grants.size(), MAX_LISTED))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("agentName", agentName.apply(grant.realmId(), grant.agent()));
            item.put("agentClientId", grant.agent().clientId());
            item.put("purpose", grant.purpose());
            item.put("grantId", grant.grantId());
            listed.add(item);
        }
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("grants", listed);
        attribute.put("count", grants.size());
        attribute.put("more", grants.size() - listed.size());
        String myGrantsUrl = grants.get(0).myGrantsUrl();
        attribute.put("myGrantsUrl", myGrantsUrl == null ? "" : myGrantsUrl);
        return new Message(to, "agentGrantMailRevokedSubject", List.of(grants.size()), REVOKED_TEMPLATE, attribute);
    }

    /**
     * Text that goes into a subject line: one line, without control or formatting characters (a line break would start
     * a header of its own), and short enough to read in a mailbox list.
     */
    static String subjectText(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean invisible = type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            shown.appendCodePoint(invisible ? ' ' : c);
        });
        String line = shown.toString().strip().replaceAll(" {2,}", " ");
        return line.codePointCount(0, line.length()) > 60
                ? line.substring(0, line.offsetByCodePoints(0, 59)) + "…"
                : line;
    }
}
