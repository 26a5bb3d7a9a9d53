package io.punchcard.storefront.store;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.outbox.Outbox;
import io.punchcard.storefront.Shop;
import io.punchcard.storefront.mapping.Intent;
import io.punchcard.storefront.mapping.OrderEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The orders' ledger on its own: what each webhook puts on the way to the core, and what the connector lets go. */
class SqliteIntakeTest {

    private static final Shop SHOP = new Shop("acme", Shop.Platform.SHOPIFY, "acme.myshopify.com", "WEB",
            List.of("s"), "shopify", false);
    private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

    private static Intent.Paid paid(String order) {
        return new Intent.Paid(order, 10_000, new OrderEntry(null, "guest@example.com", null, new RecordPurchase(
                new PurchaseSource("ONLINE", "WEB", null, "shopify:acme.myshopify.com"), order, null, AT, "EUR",
                List.of(new PurchaseLine("A", null, BigDecimal.ONE, 10_000L, 0L)), 0L, 0L, 0L, 10_000L, null, null)));
    }

    @Test
    void eachWebhookQueuesWhatTheOrderStillNeeds(@TempDir Path dir) {
        try (SqliteIntake intake = SqliteIntake.open(dir.resolve("shop.db"))) {
            assertEquals(0, intake.take(SHOP, "d1", "refunds/create", List.of(new Intent.Refunded("1", "r1", 3_000, null,
                    AT)), AT).queued(), "a refund before its order waits");
            assertEquals(2, intake.take(SHOP, "d2", "orders/paid", List.of(paid("1")), AT).queued(),
                    "the order, and the refund that waited");
            assertTrue(intake.take(SHOP, "d2", "orders/paid", List.of(paid("1")), AT).duplicate());
            assertEquals(0, intake.take(SHOP, "d3", "orders/paid", List.of(paid("1")), AT).queued(), "paid once");
            assertEquals(1, intake.take(SHOP, "d4", "refunds/create", List.of(new Intent.Refunded("1", "r2", 9_000, null,
                    AT)), AT).queued());
            assertEquals(1, intake.take(SHOP, "d5", "orders/cancelled", List.of(new Intent.Cancelled("1", AT)), AT)
                    .queued(), "the remainder");
            assertEquals(0, intake.take(SHOP, "d6", "refunds/create", List.of(new Intent.Refunded("1", "r3", 1_000, null,
                    AT)), AT).queued(), "nothing left after the cancellation");

            String secondRefund = intake.outbox().find("acme", "REFUND", "r2").orElseThrow().body();
            assertTrue(secondRefund.contains("\"amountMinor\":7000"), "at most what was left: " + secondRefund);
            assertTrue(intake.outbox().find("acme", "REFUND", "cancel-1").orElseThrow().body()
                    .contains("\"remainder\":true"));
        }
    }

    @Test
    void whatTheCoreAnsweredAndTheDeliveriesSeenGoAfterThirtyDays(@TempDir Path dir) {
        try (SqliteIntake intake = SqliteIntake.open(dir.resolve("shop.db"))) {
            intake.take(SHOP, "d1", "orders/paid", List.of(paid("7")), AT);
            Outbox.Entry order = intake.outbox().find("acme", "ORDER", "7").orElseThrow();
            intake.outbox().sent(List.of(order.id()), List.of("{}"), AT);

            assertEquals(0, intake.purge(AT.plus(Duration.ofDays(29))), "kept for a person to look into");
            assertEquals(1, intake.purge(AT.plus(Duration.ofDays(31))));

            assertFalse(intake.outbox().find("acme", "ORDER", "7").isPresent());
            assertFalse(intake.take(SHOP, "d1", "orders/paid", List.of(paid("7")), AT).duplicate(),
                    "the delivery id is forgotten too");
            assertEquals(0, intake.take(SHOP, "d9", "orders/paid", List.of(paid("7")), AT).queued(),
                    "but the ledger still knows the order");
        }
    }
}
