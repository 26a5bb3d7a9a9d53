package io.punchcard.campaign.message;

import java.util.List;
import java.util.Objects;

/**
 * How an SMS text travels and what it costs: the encoding, the number of segments the gateway bills, the units
 * used and the units still free in the last segment, and the characters that forced UCS-2 (so a preview can say
 * "the ü is fine, but 🙂 makes this UCS-2").
 *
 * @param encoding              GSM-7 when every character is in the GSM 03.38 default or extension table, else UCS-2
 * @param segments              segments the network carries and the gateway bills; at least 1
 * @param unitsUsed             septets (GSM-7, an extension character counting 2) or UTF-16 code units (UCS-2)
 * @param unitsLeftInLastSegment units that still fit in the last segment before another one is needed
 * @param ucs2Characters        the distinct characters (code points, as strings) outside GSM-7, in order of first
 *                              appearance, at most {@link SmsSegmentCounter#MAX_REPORTED_UCS2_CHARACTERS}; empty for
 *                              GSM-7
 */
public record SmsSegments(SmsEncoding encoding, int segments, int unitsUsed, int unitsLeftInLastSegment,
        List<String> ucs2Characters) {

    /**
     * The concatenation header numbers segments in one byte, so no phone can reassemble a longer message;
     * gateways refuse it or cut it short.
     */
    public static final int MAX_SEGMENTS = 255;

    public SmsSegments {
        Objects.requireNonNull(encoding, "encoding");
        ucs2Characters = List.copyOf(ucs2Characters);
        if (segments < 1 || unitsUsed < 0 || unitsLeftInLastSegment < 0) {
            throw new IllegalArgumentException("segments " + segments + ", units used " + unitsUsed
                    + ", units left " + unitsLeftInLastSegment);
        }
        if (encoding == SmsEncoding.GSM_7 && !ucs2Characters.isEmpty()) {
            throw new IllegalArgumentException("a GSM-7 text has no characters that force UCS-2");
        }
    }

    /** Whether phones can reassemble the message at all (see {@link #MAX_SEGMENTS}). */
    public boolean withinConcatenationLimit() {
        return segments <= MAX_SEGMENTS;
    }
}
