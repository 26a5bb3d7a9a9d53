package io.punchcard.kiosk.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the language switch returns: the screen the shopper was on, and never a path a link made up. */
class PathsTest {

    @Test
    void theConfirmScreenIsReturnedToWithItsReward() {
        assertEquals("/kiosk/rewards/FIVE-OFF-500", Paths.back(Paths.confirming("FIVE-OFF-500")));
    }

    @Test
    void aScreenOfOursIsReturnedTo() {
        assertEquals("/kiosk/home", Paths.back("home"));
    }

    @Test
    void anythingElseReturnsToTheStart() {
        assertEquals("/kiosk/", Paths.back("confirm-../../admin"));
        assertEquals("/kiosk/", Paths.back("confirm-"));
        assertEquals("/kiosk/", Paths.back("confirm-.."));
        assertEquals("/kiosk/", Paths.back("confirm-a/b"));
        assertEquals("/kiosk/", Paths.back("https://example.com/"));
        assertEquals("/kiosk/", Paths.back(Paths.confirming("no/slashes")));
    }
}
