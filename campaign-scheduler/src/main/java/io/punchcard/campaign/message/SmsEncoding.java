package io.punchcard.campaign.message;

/**
 * The two alphabets an SMS travels in, with the room a segment has for text. The units are septets for
 * GSM-7 and UTF-16 code units for UCS-2; a message of several segments loses room to the 6-byte
 * concatenation header (User Data Header) in every segment.
 */
public enum SmsEncoding {

    /** GSM 03.38 default alphabet, 7 bits a unit: 140 bytes hold 160 septets, 134 bytes after the header hold 153. */
    GSM_7(160, 153),

    /** UCS-2, 16 bits a unit: 140 bytes hold 70 code units, 134 bytes after the header hold 67. */
    UCS_2(70, 67);

    private final int singleSegmentUnits;
    private final int multiSegmentUnits;

    SmsEncoding(int singleSegmentUnits, int multiSegmentUnits) {
        this.singleSegmentUnits = singleSegmentUnits;
        this.multiSegmentUnits = multiSegmentUnits;
    }

    /** Units a message that fits in one segment may hold. */
    public int singleSegmentUnits() {
        return singleSegmentUnits;
    }

    /** Units each segment of a concatenated message may hold. */
    public int multiSegmentUnits() {
        return multiSegmentUnits;
    }
}
