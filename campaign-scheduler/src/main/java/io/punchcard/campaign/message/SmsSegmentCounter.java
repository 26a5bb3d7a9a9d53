package io.punchcard.campaign.message;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Counts the segments of an SMS text, as the network carries and the gateway bills them, so that a manager sees
 * the cost of a template before it goes to thousands of members.
 *
 * <p>A text made only of GSM 03.38 characters travels as GSM-7: up to 160 septets in one segment, else 153 a
 * segment; a character of the extension table (€ [ ] { } ^ ~ \ | and form feed) is an escape septet plus its own,
 * and phones cannot decode the pair when it is split, so a segment that would end between them holds 152. Any other
 * character makes the whole text UCS-2: up to 70 UTF-16 code units in one segment, else 67 a segment; a character
 * outside the Basic Multilingual Plane (an emoji) is a surrogate pair of 2 units that is never split either.
 *
 * <p>An empty text counts as 1 segment: the network carries and bills an empty SMS as one message, and a counter that
 * said 0 would make an empty template look free. Refusing an empty message is the sender's rule, not the counter's.
 */
public final class SmsSegmentCounter {

    /**
     * Bounds the characters named in a preview; a hostile text of a million distinct characters must not become a
     * list of a million, and a manager needs only the first few to find what to replace.
     */
    public static final int MAX_REPORTED_UCS2_CHARACTERS = 32;

    /** GSM 03.38 default alphabet in table order (0x00-0x7F); 0x1B, the escape, is not a character of a text. */
    private static final String DEFAULT_ALPHABET = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ" + "ÆæßÉ"
            + " !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /** GSM 03.38 extension table: each is sent as the escape septet followed by its own. */
    private static final String EXTENSION_TABLE = "\f^{}\\[~]|€";

    private static final Map<Integer, Integer> SEPTETS = septetsByCodePoint();

    private SmsSegmentCounter() {
    }

    /** Counts the segments of {@code text}. */
    public static SmsSegments count(CharSequence text) {
        Objects.requireNonNull(text, "text");
        SequencedSet<String> ucs2Characters = new LinkedHashSet<>();
        boolean ucs2 = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = Character.codePointAt(text, i);
            if (!SEPTETS.containsKey(codePoint)) {
                ucs2 = true;
                if (ucs2Characters.size() < MAX_REPORTED_UCS2_CHARACTERS) {
                    ucs2Characters.add(Character.toString(codePoint));
                }
            }
            i += Character.charCount(codePoint);
        }
        SmsEncoding encoding = ucs2 ? SmsEncoding.UCS_2 : SmsEncoding.GSM_7;
        int[] unitsPerCharacter = text.codePoints().map(codePoint -> switch (encoding) {
            case GSM_7 -> SEPTETS.get(codePoint);
            // A lone surrogate is one code unit, as the gateway would send it.
            case UCS_2 -> Character.charCount(codePoint);
        }).toArray();
        return pack(encoding, unitsPerCharacter, List.copyOf(ucs2Characters));
    }

    /**
     * Fills segments in order, moving a character whole to the next segment when it does not fit, which is what keeps
     * escape pairs and surrogate pairs together.
     */
    private static SmsSegments pack(SmsEncoding encoding, int[] unitsPerCharacter,
            List<String> ucs2Characters) {
        int unitsUsed = IntStream.of(unitsPerCharacter).sum();
        if (unitsUsed <= encoding.singleSegmentUnits()) {
            return new SmsSegments(encoding, 1, unitsUsed, encoding.singleSegmentUnits() - unitsUsed,
                    ucs2Characters);
        }
        int capacity = encoding.multiSegmentUnits();
        int segments = 1;
        int unitsInSegment = 0;
        for (int units : unitsPerCharacter) {
            if (unitsInSegment + units > capacity) {
                segments++;
                unitsInSegment = 0;
            }
            unitsInSegment += units;
        }
        return new SmsSegments(encoding, segments, unitsUsed, capacity - unitsInSegment, ucs2Characters);
    }

    private static Map<Integer, Integer> septetsByCodePoint() {
        // toMap throws on a duplicate key, so a character typed into both tables fails at class load.
        Map<Integer, Integer> septets = Stream.concat(
                DEFAULT_ALPHABET.codePoints().mapToObj(codePoint -> Map.entry(codePoint, 1)),
                EXTENSION_TABLE.codePoints().mapToObj(codePoint -> Map.entry(codePoint, 2)))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        if (septets.size() != 127 + 10) {
            throw new IllegalStateException("GSM 03.38 tables mistyped: " + septets.size() + " characters");
        }
        return septets;
    }
}
