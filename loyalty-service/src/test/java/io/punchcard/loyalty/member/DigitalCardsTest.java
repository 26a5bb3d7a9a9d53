package io.punchcard.loyalty.member;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.api.identity.Identifiers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitalCardsTest {

    @Test
    void aDigitalCardIsSixteenDigitsStartingWithNineAndEndingInItsLuhnDigit() {
        Random random = new Random(7);
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String card = DigitalCards.next(random);
            assertTrue(card.matches("9[0-9]{15}"), card);
            assertTrue(DigitalCards.luhnValid(card), card);
            assertInstanceOf(Identifiers.Valid.class, Identifiers.normalise(IdentifierKind.CARD, card, "DE"),
                    "a card number as the core takes any: " + card);
            drawn.add(card);
        }
        assertEquals(1000, drawn.size());
    }

    @Test
    void theLuhnDigitCatchesAMistypedDigitOrTwoSwapped() {
        // The worked example of ISO/IEC 7812: 7992739871 has check digit 3.
        assertEquals(3, DigitalCards.checkDigit("7992739871"));
        assertTrue(DigitalCards.luhnValid("79927398713"));
        assertFalse(DigitalCards.luhnValid("79927398714"), "one digit changed");
        assertFalse(DigitalCards.luhnValid("79927389713"), "two neighbours swapped");
        assertTrue(DigitalCards.luhnValid("4111111111111111"), "the well-known test card");
        assertFalse(DigitalCards.luhnValid("9ABC"));
    }
}
