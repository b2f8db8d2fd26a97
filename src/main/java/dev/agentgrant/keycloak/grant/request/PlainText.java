package dev.agentgrant.keycloak.grant.request;

import java.util.Optional;

/**
 * Text an agent writes that a human will read (the purpose, a login hint): it must show as what it is. Refused are
 * <ul>
 *   <li>every control character (Unicode Cc), line and paragraph separators (Zl, Zp) — also newline and tab:
 *       a purpose is one line;</li>
 *   <li>every format character (Cf), which covers the bidi controls U+061C, U+200E, U+200F, U+202A–U+202E,
 *       U+2066–U+2069 (the "Trojan Source" reordering, CVE-2021-42574), the zero-width U+200B–U+200D, U+2060–U+2064,
 *       U+FEFF, U+180E and the tag characters; they are also listed by code point, so that a JDK with an older
 *       Unicode table cannot let one through;</li>
 *   <li>invisible letters that render as nothing (Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the combining
 *       grapheme joiner U+034F);</li>
 *   <li>lone surrogates (Cs), private-use (Co) and unassigned (Cn) code points, whose rendering nobody can predict;</li>
 *   <li>more than {@value #MAX_STACKED_MARKS} combining marks in a row, which pile up over neighbouring lines and
 *       labels of the page.</li>
 * </ul>
 * (Unicode Technical Standard #39 §3 and Unicode Technical Report #36 §2 describe these spoofing classes.)
 */
final class PlainText {

    static final int MAX_STACKED_MARKS = 4;

    private PlainText() {}

    /** The first code point that may not appear, with its position (in code points), or empty when the text is plain. */
    static Optional<String> firstForbidden(String text) {
        int position = 0;
        int stackedMarks = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
            stackedMarks = mark ? stackedMarks + 1 : 0;
            if (isForbidden(c, type)) {
                return Optional.of(String.format("U+%04X at position %d", c, position + 1));
            }
            if (stackedMarks > MAX_STACKED_MARKS) {
                return Optional.of(String.format(
                        "more than %d combining marks in a row at position %d", MAX_STACKED_MARKS, position + 1));
            }
            i += Character.charCount(c);
            position++;
        }
        return Optional.empty();
    }

    private static boolean isForbidden(int c, int type) {
        switch (type) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return true;
            default:
                return c == 0x061C
                        || c == 0x180E
                        || (c >= 0x200B && c <= 0x200F)
                        || (c >= 0x202A && c <= 0x202E)
                        || (c >= 0x2060 && c <= 0x2064)
                        || (c >= 0x2066 && c <= 0x2069)
                        || c == 0xFEFF
                        || c == 0x115F
                        || c == 0x1160
                        || c == 0x3164
                        || c == 0xFFA0
                        || c == 0x034F;
        }
    }

    /** Whether the text shows nothing: empty, or only white space and space separators (U+00A0, U+3000, …). */
    static boolean isBlank(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    /** The text without leading and trailing white space or space separators. */
    static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlankAt(text, start)) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isBlankAt(text, text.offsetByCodePoints(end, -1))) {
            end = text.offsetByCodePoints(end, -1);
        }
        return text.substring(start, end);
    }

    private static boolean isBlankAt(String text, int index) {
        int c = text.codePointAt(index);
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
