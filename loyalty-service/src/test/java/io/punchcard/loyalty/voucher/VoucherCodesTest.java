package io.punchcard.loyalty.voucher;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoucherCodesTest {

    @Test
    void aGeneratedCodeReadsBackAsItself() {
        for (int i = 0; i < 1000; i++) {
            String code = VoucherCodes.generate();
            assertEquals(code, VoucherCodes.normalise(code).orElseThrow());
            assertEquals(code, VoucherCodes.normalise(code.toLowerCase().replace("-", " ")).orElseThrow());
        }
    }

    @Test
    void everySingleCharacterTypoIsCaughtByTheCheckCharacter() {
        String code = VoucherCodes.generate().replace("-", "");
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (int position = 0; position < 12; position++) {
            for (char replacement : alphabet.toCharArray()) {
                if (replacement == code.charAt(position)) {
                    continue;
                }
                String typo = code.substring(0, position) + replacement + code.substring(position + 1);
                assertTrue(VoucherCodes.normalise(typo).isEmpty(), typo + " passed for " + code);
            }
        }
    }

    @Test
    void lettersTypedForDigitsAreReadAsMeant() {
        String code = "0110-0000-0000-" + VoucherCodes.check("011000000000");
        assertEquals(code, VoucherCodes.normalise("OIL0-oooo-0000-" + VoucherCodes.check("011000000000")).orElseThrow());
    }

    @Test
    void codesDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(VoucherCodes.generate()));
        }
    }
}
