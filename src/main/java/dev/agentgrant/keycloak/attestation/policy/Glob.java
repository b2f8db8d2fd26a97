package dev.agentgrant.keycloak.attestation.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A glob pattern of an attestation policy, matched by hand so that admin input never becomes a regular expression
 * (no regex injection, no catastrophic backtracking).
 *
 * <p>Grammar: {@code *} matches any run of characters, the empty run included, {@code /} and {@code .} included
 * (no path semantics); {@code ?} matches exactly one character (a Unicode code point); {@code \} makes the next
 * character literal ({@code \*}, {@code \?}, {@code \\}); every other character matches itself, case-sensitively.
 * The whole value must match, not a part of it.
 *
 * <p>Matching splits the pattern at its stars into fixed-width segments: the first segment must match the start of
 * the value, the last its end, and each middle segment is taken at its leftmost match after the previous one. Since
 * every segment has a fixed width, the leftmost choice never loses a match, so nothing is ever retried: the work is
 * bounded by pattern length × value length, whatever the pattern.
 */
final class Glob {

    /** A pattern code point that stands for {@code ?}; real code points are never negative. */
    private static final int ANY_ONE = -1;

    private final String pattern;
    /** The runs between stars, in order (possibly empty): a pattern with k stars has k + 1 of them. */
    private final List<int[]> segments;

    private Glob(String pattern, List<int[]> segments) {
        this.pattern = pattern;
        this.segments = segments;
    }

    /** The pattern, or empty with {@code problems} told why when it is not a valid glob. */
    static Optional<Glob> compile(String pattern, String where, List<String> problems) {
        if (pattern.isEmpty()) {
            problems.add(where + ": glob must not be empty");
            return Optional.empty();
        }
        List<int[]> segments = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int[] codePoints = pattern.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            if (c == '*') {
                segments.add(toArray(current));
                current.clear();
            } else if (c == '?') {
                current.add(ANY_ONE);
            } else if (c == '\\') {
                if (i + 1 == codePoints.length) {
                    problems.add(where + ": glob ends with a lone '\\'");
                    return Optional.empty();
                }
                current.add(codePoints[++i]);
            } else {
                current.add(c);
            }
        }
        segments.add(toArray(current));
        return Optional.of(new Glob(pattern, List.copyOf(segments)));
    }

    boolean matches(String value) {
        int[] text = value.codePoints().toArray();
        int[] head = segments.get(0);
        if (segments.size() == 1) {
            return head.length == text.length && matchesAt(head, text, 0);
        }
        int[] tail = segments.get(segments.size() - 1);
        if (head.length + tail.length > text.length
                || !matchesAt(head, text, 0)
                || !matchesAt(tail, text, text.length - tail.length)) {
            return false;
        }
        int from = head.length;
        int to = text.length - tail.length;
        for (int s = 1; s < segments.size() - 1; s++) {
            int[] segment = segments.get(s);
            int found = leftmost(segment, text, from, to);
            if (found < 0) {
                return false;
            }
            from = found + segment.length;
        }
        return true;
    }

    @Override
    public String toString() {
        return pattern;
    }

    private static int leftmost(int[] segment, int[] text, int from, int to) {
        for (int at = from; at + segment.length <= to; at++) {
            if (matchesAt(segment, text, at)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean matchesAt(int[] segment, int[] text, int at) {
        for (int i = 0; i < segment.length; i++) {
            if (segment[i] != ANY_ONE && segment[i] != text[at + i]) {
                return false;
            }
        }
        return true;
    }

    private static int[] toArray(List<Integer> codePoints) {
        return codePoints.stream().mapToInt(Integer::intValue).toArray();
    }
}
