package io.punchcard.pos.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.punchcard.pos.card.KnownCards;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The last card seen for a shopper is found by any identifier it was seen under, with its age, after a restart. */
class SqliteCardsTest {

    @Test
    void theNewestCardIsKeptUnderEveryIdentifierAndOutlivesARestart(@TempDir Path dir) {
        Path file = dir.resolve("pos.sqlite");
        Instant morning = Instant.parse("2026-11-22T08:00:00Z");
        Instant noon = Instant.parse("2026-11-22T12:00:00Z");
        try (SqliteCards cards = SqliteCards.open(file)) {
            cards.keep(List.of("card:PC1", "phone:+491701234567"), "{\"availablePoints\":10}", noon);
            cards.keep(List.of("card:PC1"), "{\"availablePoints\":5}", morning);
        }
        try (SqliteCards cards = SqliteCards.open(file)) {
            KnownCards.Known byCard = cards.find("card:PC1").orElseThrow();
            KnownCards.Known byPhone = cards.find("phone:+491701234567").orElseThrow();

            assertEquals("{\"availablePoints\":10}", byCard.card(), "an older card arriving late does not win");
            assertEquals(noon, byCard.at());
            assertEquals(byCard, byPhone);
            assertTrue(cards.find("card:PC2").isEmpty());
        }
    }
}
