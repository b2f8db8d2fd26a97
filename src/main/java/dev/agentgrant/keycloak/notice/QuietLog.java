package dev.agentgrant.keycloak.notice;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says a realm's reason for sending no notice once, not on every request: a realm without SMTP would otherwise fill
 * the log with one line per grant request. When the reason goes away (SMTP is configured) or changes, the next time
 * it holds is said again. Per node, in memory.
 */
final class QuietLog {

    private final Map<String, NoticeSetting.Verdict> said = new ConcurrentHashMap<>();

    /** Whether this verdict about the realm is news, and should be logged; a {@code SEND} clears the realm. */
    boolean isNews(String realmId, NoticeSetting.Verdict verdict) {
        if (verdict == NoticeSetting.Verdict.SEND) {
            said.remove(realmId);
            return false;
        }
        return said.put(realmId, verdict) != verdict;
    }
}
