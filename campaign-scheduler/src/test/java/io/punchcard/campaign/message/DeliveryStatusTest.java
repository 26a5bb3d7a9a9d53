package io.punchcard.campaign.message;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.punchcard.campaign.message.DeliveryStatus.DELIVERED;
import static io.punchcard.campaign.message.DeliveryStatus.FAILED;
import static io.punchcard.campaign.message.DeliveryStatus.QUEUED;
import static io.punchcard.campaign.message.DeliveryStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryStatusTest {

    /** Every (receipt, current) pair that moves a message on; all 16 pairs are checked against it. */
    private static final Map<DeliveryStatus, Set<DeliveryStatus>> REPLACES = Map.of(
            QUEUED, Set.of(),
            SENT, Set.of(QUEUED),
            DELIVERED, Set.of(QUEUED, SENT),
            FAILED, Set.of(QUEUED, SENT));

    @Test
    void aLaterStageReplacesAnEarlierOneAndNothingReplacesAFinalOneOrItself() {
        for (DeliveryStatus receipt : DeliveryStatus.values()) {
            for (DeliveryStatus current : DeliveryStatus.values()) {
                assertEquals(REPLACES.get(receipt).contains(current), receipt.replaces(current),
                        receipt + " replaces " + current);
            }
        }
    }

    @Test
    void receiptsInAnyOrderEndAtTheFirstFinalStatus() {
        // The gateway's receipts for one message, arriving out of order and repeated.
        DeliveryStatus current = QUEUED;
        for (DeliveryStatus receipt : new DeliveryStatus[] {SENT, DELIVERED, SENT, QUEUED, DELIVERED, FAILED}) {
            if (receipt.replaces(current)) {
                current = receipt;
            }
        }
        assertEquals(DELIVERED, current);
    }

    @Test
    void onlyDeliveredAndFailedAreFinal() {
        assertEquals(Set.of(DELIVERED, FAILED), Set.of(DeliveryStatus.values()).stream()
                .filter(DeliveryStatus::isFinal).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void parseTakesAnyCaseAndSurroundingBlanks() {
        assertEquals(DELIVERED, DeliveryStatus.parse("delivered"));
        assertEquals(SENT, DeliveryStatus.parse(" Sent "));
        assertEquals(FAILED, DeliveryStatus.parse("FAILED"));
        assertEquals(QUEUED, DeliveryStatus.parse("qUeUeD"));
    }

    @Test
    void parseNamesAnUnknownValueAndKeepsAHugeOneShort() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DeliveryStatus.parse("delivrd"));
        assertTrue(unknown.getMessage().contains("'delivrd'"), unknown.getMessage());

        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> DeliveryStatus.parse("x".repeat(100_000)));
        assertTrue(huge.getMessage().length() < 200, "message of " + huge.getMessage().length());

        assertThrows(IllegalArgumentException.class, () -> DeliveryStatus.parse(null));
        assertThrows(IllegalArgumentException.class, () -> DeliveryStatus.parse(""));
    }

    @Test
    void aStatusReplacesNoMissingOne() {
        assertThrows(IllegalArgumentException.class, () -> SENT.replaces(null));
    }
}
