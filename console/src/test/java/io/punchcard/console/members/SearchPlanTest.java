package io.punchcard.console.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.punchcard.console.members.SearchPlan.Lookup;

class SearchPlanTest {

    @Test
    void anEmailIsLookedUpAsOneLowerCased() {
        assertEquals(new SearchPlan(List.of(new Lookup("email", "ana.silva@example.com")), null),
                SearchPlan.of("  Ana.Silva@Example.com "));
    }

    @Test
    void aChannelsIdIsAnExternalId() {
        assertEquals(new SearchPlan(List.of(new Lookup("externalId", "shopify:207119551")), null),
                SearchPlan.of("shopify:207119551"));
    }

    @Test
    void digitsAreTriedAsACardAndAsAPhoneNumber() {
        assertEquals(new SearchPlan(List.of(new Lookup("card", "20010042"), new Lookup("phone", "20010042")), null),
                SearchPlan.of("20010042"));
        assertEquals(new SearchPlan(List.of(new Lookup("phone", "+49 30 5550 1234")), null),
                SearchPlan.of("+49 30 5550 1234"), "spaces and a plus make it no card");
        assertEquals(List.of(new Lookup("card", "42")), SearchPlan.of("42").lookups(), "too short for a phone");
    }

    @Test
    void lettersAreANameAndPerhapsACard() {
        SearchPlan silva = SearchPlan.of("Silva");
        assertEquals("Silva", silva.name());
        assertEquals(List.of(new Lookup("card", "Silva")), silva.lookups());
        SearchPlan full = SearchPlan.of("Zoë O'Brien-Nkemelu");
        assertEquals("Zoë O'Brien-Nkemelu", full.name());
        assertTrue(full.lookups().isEmpty(), "spaces and an apostrophe make it no card");
    }

    @Test
    void blankOrOverlongWordsLookNothingUp() {
        assertTrue(SearchPlan.of("   ").isEmpty());
        assertTrue(SearchPlan.of(null).isEmpty());
        assertTrue(SearchPlan.of("a".repeat(SearchPlan.MAX_QUERY + 1)).isEmpty());
        assertNull(SearchPlan.of("C-0042").name(), "a card with digits is no name");
    }
}
