package dev.agentgrant.keycloak.attestation.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A glob pattern of an attestation policy, matched by hand so that admin input never becomes a regular expression
 * (no regex injection, no catastrophic backtracking).
 *
 * <p>Grammar: {@code *} matches any run of characters, the empty run included, {@code /} and {@code .} included
 * (no path semantics); {@code ?} matches exactly one character (a Unicode code point); {@code \} makes the next
 * character literal ({@code \*}, {@code \?}, {@code \\}); every other character matches itself, case-sensitively.
 * The whole value must match, not a part of it. At most {@value #MAX_LENGTH} characters.
 *
 * <p>Matching splits the pattern at its stars into fixed-width segments: the first segment must match the start of
 * the value, the last its end, and each middle segment is taken at its leftmost match after the previous one. Since
 * every segment has a fixed width, the leftmost choice never loses a match, so nothing is ever retried. Each middle
 * segment is found with a bit-parallel Shift-And scan (Baeza-Yates and Gonnet, 1992), and the scans of successive
 * segments cover successive parts of the value, so a match costs time linear in the value's length (times
 * ⌈segment length / 64⌉, at most 16), whatever the pattern.
 */
final class Glob {

    /** Admin patterns are short; the cap keeps the per-character cost of the scan bounded. */
    static final int MAX_LENGTH = 1024;

    /** A pattern code point that stands for {@code ?}; real code points are never negative. */
    private static final int ANY_ONE = -1;

    private final String pattern;
    /** The runs between stars, in order (possibly empty): a pattern with k stars has k + 1 of them. */
    private final List<Segment> segments;

    private Glob(String pattern, List<Segment> segments) {
        this.pattern = pattern;
        this.segments = segments;
    }

    /** The pattern, or empty with {@code problems} told why when it is not a valid glob. */
    static Optional<Glob> compile(String pattern, String where, List<String> problems) {
        int[] codePoints = pattern.codePoints().toArray();
        if (codePoints.length == 0 || codePoints.length > MAX_LENGTH) {
            problems.add(where + ": glob must hold 1 to " + MAX_LENGTH + " characters");
            return Optional.empty();
        }
        List<Segment> segments = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            if (c == '*') {
                segments.add(new Segment(current));
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
        segments.add(new Segment(current));
        return Optional.of(new Glob(pattern, List.copyOf(segments)));
    }

    boolean matches(String value) {
        int[] text = value.codePoints().toArray();
        Segment head = segments.get(0);
        if (segments.size() == 1) {
            return head.length() == text.length && head.matchesAt(text, 0);
        }
        Segment tail = segments.get(segments.size() - 1);
        if (head.length() + tail.length() > text.length
                || !head.matchesAt(text, 0)
                || !tail.matchesAt(text, text.length - tail.length())) {
            return false;
        }
        int from = head.length();
        int to = text.length - tail.length();
        for (int s = 1; s < segments.size() - 1; s++) {
            Segment segment = segments.get(s);
            int found = segment.leftmost(text, from, to);
            if (found < 0) {
                return false;
            }
            from = found + segment.length();
        }
        return true;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** A fixed-width run of literal code points and {@code ?}s, with its Shift-And masks. */
    private static final class Segment {

        private final int[] codePoints;
        private final int words;
        /** Bit i set: position i is a {@code ?}, so any character may stand there. */
        private final long[] anyMask;
        /** Per code point of the segment, bit i set: position i accepts that code point. */
        private final Map<Integer, long[]> masks = new HashMap<>();

        Segment(List<Integer> codePoints) {
            this.codePoints = codePoints.stream().mapToInt(Integer::intValue).toArray();
            this.words = Math.max(1, (this.codePoints.length + 63) / 64);
            this.anyMask = new long[words];
            for (int i = 0; i < this.codePoints.length; i++) {
                if (this.codePoints[i] == ANY_ONE) {
                    setBit(anyMask, i);
                }
            }
            for (int i = 0; i < this.codePoints.length; i++) {
                if (this.codePoints[i] != ANY_ONE) {
                    setBit(masks.computeIfAbsent(this.codePoints[i], c -> anyMask.clone()), i);
                }
            }
        }

        int length() {
            return codePoints.length;
        }

        boolean matchesAt(int[] text, int at) {
            for (int i = 0; i < codePoints.length; i++) {
                if (codePoints[i] != ANY_ONE && codePoints[i] != text[at + i]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The first position in {@code [from, to - length]} where the segment matches, or -1. Shift-And: after
         * reading a character, bit i of the state says whether the segment's first i + 1 positions match the text
         * ending there; one shift and one mask per character and word.
         */
        int leftmost(int[] text, int from, int to) {
            int length = codePoints.length;
            if (length == 0) {
                return from <= to ? from : -1;
            }
            long[] state = new long[words];
            int lastWord = (length - 1) / 64;
            long lastBit = 1L << ((length - 1) % 64);
            for (int at = from; at < to; at++) {
                long[] mask = masks.getOrDefault(text[at], anyMask);
                long carry = 1;
                for (int w = 0; w < words; w++) {
                    long next = state[w] >>> 63;
                    state[w] = ((state[w] << 1) | carry) & mask[w];
                    carry = next;
                }
                if ((state[lastWord] & lastBit) != 0) {
                    return at - length + 1;
                }
            }
            return -1;
        }

        private static void setBit(long[] bits, int i) {
            bits[i / 64] |= 1L << (i % 64);
        }
    }
}
