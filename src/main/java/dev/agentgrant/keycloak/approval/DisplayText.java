package dev.agentgrant.keycloak.approval;

/**
 * Text from outside (verified workload facts, client names) made safe to show a human who is about to decide on
 * it: control, bidi-override, zero-width and other invisible formatting characters are shown as visible
 * {@code U+XXXX} markers instead of acting on the surrounding text (Unicode TR #36 §2: a bidi override can make
 * {@code main} look like {@code niam}), and overlong values are shortened. HTML escaping is the template's job.
 */
public final class DisplayText {

    /** Longest value shown in full; facts such as digests are far shorter. */
    static final int MAX_LENGTH = 300;

    private DisplayText() {}

    public static String neutralise(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 8));
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (count++ == MAX_LENGTH) {
                shown.append('…');
                break;
            }
            if (isInvisible(c)) {
                shown.append(String.format("[U+%04X]", c));
            } else {
                shown.appendCodePoint(c);
            }
        }
        return shown.toString();
    }

    /** Characters that change how other characters look or show nothing themselves. */
    static boolean isInvisible(int c) {
        if (c == ' ') {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL: // C0, C1, DEL
            case Character.FORMAT: // bidi embeddings/overrides/isolates, ZWSP, ZWJ, ZWNJ, BOM, tags
            case Character.SURROGATE: // a lone half of a pair
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR: // NBSP and friends look like a space but are not one
                return true;
            default:
                // Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt) outside the categories above:
                // variation selectors (Mongolian ones included), the combining grapheme joiner and the Khmer inherent
                // vowels are marks, the Hangul fillers letters, but none of them shows anything on its own.
                return (c >= 0xFE00 && c <= 0xFE0F)
                        || (c >= 0xE0100 && c <= 0xE01EF)
                        || (c >= 0x180B && c <= 0x180F)
                        || c == 0x034F
                        || c == 0x17B4
                        || c == 0x17B5
                        || c == 0x115F
                        || c == 0x1160
                        || c == 0x3164
                        || c == 0xFFA0;
        }
    }
}
