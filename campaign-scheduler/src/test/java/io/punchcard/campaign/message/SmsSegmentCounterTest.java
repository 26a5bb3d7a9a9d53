package io.punchcard.campaign.message;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.punchcard.campaign.message.SmsEncoding.GSM_7;
import static io.punchcard.campaign.message.SmsEncoding.UCS_2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmsSegmentCounterTest {

    private static final String SMILE = "🙂"; // U+1F642, a surrogate pair: 2 UTF-16 code units

    @Test
    void emptyTextIsOneGsmSegmentBecauseTheNetworkBillsItAsOne() {
        assertEquals(new SmsSegments(GSM_7, 1, 0, 160, List.of()), SmsSegmentCounter.count(""));
    }

    @Test
    void gsmTextOf160SeptetsFitsOneSegment() {
        // 160 septets <= 160: one segment, nothing left.
        assertEquals(new SmsSegments(GSM_7, 1, 160, 0, List.of()), SmsSegmentCounter.count("a".repeat(160)));
    }

    @Test
    void gsmTextOf161SeptetsNeedsTwoSegmentsOf153() {
        // 161 > 160, so the header costs 7 septets a segment: 153 + 8; the last has 153 - 8 = 145 left.
        assertEquals(new SmsSegments(GSM_7, 2, 161, 145, List.of()), SmsSegmentCounter.count("a".repeat(161)));
    }

    @Test
    void gsmTextOf306SeptetsFillsTwoSegmentsExactly() {
        // 306 = 2 x 153.
        assertEquals(new SmsSegments(GSM_7, 2, 306, 0, List.of()), SmsSegmentCounter.count("a".repeat(306)));
    }

    @Test
    void gsmTextOf307SeptetsNeedsAThirdSegment() {
        // 153 + 153 + 1; the third has 152 left.
        assertEquals(new SmsSegments(GSM_7, 3, 307, 152, List.of()), SmsSegmentCounter.count("a".repeat(307)));
    }

    @Test
    void extensionCharactersCountTwoSeptets() {
        // 158 x 'a' + '€' (ESC + 1) = 160 septets: still one segment.
        assertEquals(new SmsSegments(GSM_7, 1, 160, 0, List.of()), SmsSegmentCounter.count("a".repeat(158) + "€"));
        // 159 + 2 = 161: two segments, 153 + 8, 145 left. As one septet each it would have been 160, one segment.
        assertEquals(new SmsSegments(GSM_7, 2, 161, 145, List.of()), SmsSegmentCounter.count("a".repeat(159) + "€"));
        // Every character of the extension table: 10 x 2 = 20 septets.
        assertEquals(new SmsSegments(GSM_7, 1, 20, 140, List.of()), SmsSegmentCounter.count("€[]{}^~\\|\f"));
    }

    @Test
    void anEscapePairIsNeverSplitAcrossSegments() {
        // 152 x 'a' + '€' + 152 x 'a' = 306 septets, which a naive count fits in 2 x 153. But '€' would occupy septets
        // 153 and 154, splitting ESC from its character, so segment 1 ends at 152 and '€' opens segment 2:
        // segment 2 = 2 + 151 'a' = 153, and the last 'a' opens segment 3, leaving 152.
        String text = "a".repeat(152) + "€" + "a".repeat(152);
        assertEquals(new SmsSegments(GSM_7, 3, 306, 152, List.of()), SmsSegmentCounter.count(text));
    }

    @Test
    void ucs2TextOf70UnitsFitsOneSegment() {
        // 'ê' is not in GSM 03.38; 1 + 69 = 70 code units <= 70.
        assertEquals(new SmsSegments(UCS_2, 1, 70, 0, List.of("ê")),
                SmsSegmentCounter.count("ê" + "a".repeat(69)));
    }

    @Test
    void ucs2TextOf71UnitsNeedsTwoSegmentsOf67() {
        // 71 > 70: 67 + 4, the last has 67 - 4 = 63 left.
        assertEquals(new SmsSegments(UCS_2, 2, 71, 63, List.of("ê")),
                SmsSegmentCounter.count("ê" + "a".repeat(70)));
    }

    @Test
    void ucs2TextOf134UnitsFillsTwoSegmentsAnd135NeedsAThird() {
        // 134 = 2 x 67; 135 = 67 + 67 + 1, leaving 66.
        assertEquals(new SmsSegments(UCS_2, 2, 134, 0, List.of("ê")),
                SmsSegmentCounter.count("ê" + "a".repeat(133)));
        assertEquals(new SmsSegments(UCS_2, 3, 135, 66, List.of("ê")),
                SmsSegmentCounter.count("ê" + "a".repeat(134)));
    }

    @Test
    void anEmojiCountsTwoUnitsAndFillsASingleSegmentExactly() {
        // 68 + 2 = 70 code units: one segment; the emoji alone forced UCS-2.
        assertEquals(new SmsSegments(UCS_2, 1, 70, 0, List.of(SMILE)),
                SmsSegmentCounter.count("a".repeat(68) + SMILE));
        // 69 + 2 = 71: two segments, 67 + 4, 63 left.
        assertEquals(new SmsSegments(UCS_2, 2, 71, 63, List.of(SMILE)),
                SmsSegmentCounter.count("a".repeat(69) + SMILE));
    }

    @Test
    void aSurrogatePairIsNeverSplitAcrossSegments() {
        // 66 x 'a' + emoji + 66 x 'a' = 134 code units, which a naive count fits in 2 x 67. The emoji would occupy
        // units 67 and 68, so segment 1 ends at 66; segment 2 = 2 + 65 'a' = 67; the last 'a' opens segment 3,
        // leaving 66.
        String text = "a".repeat(66) + SMILE + "a".repeat(66);
        assertEquals(new SmsSegments(UCS_2, 3, 134, 66, List.of(SMILE)), SmsSegmentCounter.count(text));
    }

    @Test
    void germanUmlautsSharpSAndTheEuroAreGsm7() {
        // 63 characters, all in the default table but '€' (extension, 2 septets): 64 septets, 160 - 64 = 96 left.
        assertEquals(new SmsSegments(GSM_7, 1, 64, 96, List.of()),
                SmsSegmentCounter.count("Schöne Grüße aus München! Nur heute: 5 € Rabatt auf alle Äpfel."));
        // Each of these 16 is in the default table: one septet each, 144 left.
        assertEquals(new SmsSegments(GSM_7, 1, 16, 144, List.of()), SmsSegmentCounter.count("äöüÄÖÜßéèàùìòÇñÑ"));
    }

    @Test
    void frenchAccentsOutsideTheTableForceUcs2() {
        // è é à are GSM-7: 58 characters, 58 septets, 102 left.
        assertEquals(new SmsSegments(GSM_7, 1, 58, 102, List.of()),
                SmsSegmentCounter.count("Très élégant : la remise de 20 % est à vous jusqu'à jeudi."));
        // Upper-case Ç is in the table, but û and ê are not: 31 characters, 31 code units, 70 - 31 = 39 left.
        assertEquals(new SmsSegments(UCS_2, 1, 31, 39, List.of("û", "ê")),
                SmsSegmentCounter.count("Ça coûte 5 € de moins en fête !"));
    }

    @Test
    void portugueseCedillaAndTildeForceUcs2() {
        // Lower-case ç and ã are not in the table (only Ç is); é is. 55 characters, 55 code units, 15 left;
        // ç is named once although it appears once and ã twice.
        assertEquals(new SmsSegments(UCS_2, 1, 55, 15, List.of("ç", "ã")),
                SmsSegmentCounter.count("Promoção de verão: ganhe o dobro de pontos até domingo!"));
    }

    @Test
    void aTypographicApostropheAndDashTripleTheCostOfAMarketingText() {
        // With ASCII ' and -: 147 septets, one segment, 13 left.
        String plain = "Hi Anna, you have 1,250 points - just 250 more for Gold! Show code 7KQ2-MX9P at the till"
                + " before Sunday to get a free coffee. Reply STOP to opt out.";
        assertEquals(new SmsSegments(GSM_7, 1, 147, 13, List.of()), SmsSegmentCounter.count(plain));
        // As a word processor writes it (’ U+2019, – U+2013): 149 code units > 70, so 67 + 67 + 15, 52 left.
        String typographic = "Hi Anna, you’ve got 1,250 points – just 250 more for Gold! Show code 7KQ2-MX9P at the till"
                + " before Sunday to get a free coffee. Reply STOP to opt out.";
        assertEquals(new SmsSegments(UCS_2, 3, 149, 52, List.of("’", "–")), SmsSegmentCounter.count(typographic));
    }

    @Test
    void theUmlautIsFineButTheEmojiMakesItUcs2() {
        // 'ü' is GSM-7 and is not named; only the emoji is. "Grüße " + emoji = 6 + 2 = 8 code units, 62 left.
        assertEquals(new SmsSegments(UCS_2, 1, 8, 62, List.of(SMILE)), SmsSegmentCounter.count("Grüße " + SMILE));
    }

    @Test
    void namesAtMost32CharactersThatForcedUcs2() {
        // 40 distinct Cyrillic letters from U+0430, one code unit each: all force UCS-2, only the first 32 are named.
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.appendCodePoint(0x0430 + i);
        }
        SmsSegments segments = SmsSegmentCounter.count(text);
        assertEquals(SmsSegmentCounter.MAX_REPORTED_UCS2_CHARACTERS, segments.ucs2Characters().size());
        assertEquals("а", segments.ucs2Characters().getFirst());
        assertEquals(40, segments.unitsUsed());
    }

    @Test
    void aTextBeyond255SegmentsCannotBeReassembled() {
        // 255 x 153 = 39,015 septets is the most; one more septet needs a 256th segment.
        assertTrue(SmsSegmentCounter.count("a".repeat(255 * 153)).withinConcatenationLimit());
        SmsSegments tooLong = SmsSegmentCounter.count("a".repeat(255 * 153 + 1));
        assertEquals(256, tooLong.segments());
        assertFalse(tooLong.withinConcatenationLimit());
    }
}
