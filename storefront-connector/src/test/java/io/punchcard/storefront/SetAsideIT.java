package io.punchcard.storefront;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punchcard.api.Json;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.outbox.Outbox;
import io.punchcard.outbox.OutboxCommand;
import io.punchcard.storefront.forward.StorefrontKinds;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the platforms do with a refusal decides what the connector answers. WooCommerce never sends a delivery again
 * and disables a webhook after a few failed deliveries in a row; Shopify retries for hours, then drops it. So a
 * signed order the connector cannot take is set aside for a person and answered 200, and taken again once its cause
 * is mended; an order too old for the program is noted and answered 200; a webhook from another site than the
 * shop's is refused.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetAsideIT {

    /** The day of WooCommerce's example order 727. */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2017-03-25T12:00:00Z"));
    private static ShopsUnderTest shops;

    @BeforeAll
    static void start(TestPostgres postgres, @TempDir Path folder) throws Exception {
        shops = ShopsUnderTest.start(postgres, folder, CLOCK, Map.of());
    }

    @AfterAll
    static void stop() {
        shops.close();
    }

    /** WooCommerce's example order, as order {@code id}. */
    private static ObjectNode wooOrder(int id) throws Exception {
        return ShopsUnderTest.json("woocommerce/order_create_response_example.json").put("id", id)
                .put("number", Integer.toString(id));
    }

    /** Order {@code id} in euros, bought by Eva (a guest checkout with her e-mail). */
    private static ObjectNode inEuros(int id) throws Exception {
        ObjectNode order = wooOrder(id).put("currency", "EUR");
        ((ObjectNode) order.get("billing")).put("email", "eva.euro@example.com");
        return order;
    }

    private static String outbox(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutboxCommand.run(shops.connector().outbox(), List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Outbox.Entry webhook(String stream, String delivery) {
        return shops.connector().outbox().find(stream, StorefrontKinds.WEBHOOK, delivery).orElseThrow();
    }

    @Test
    @Order(3) // it changes the program's currency
    void ordersInAnotherCurrencyAreSetAsideThenTakenOnceTheProgramIsMended() throws Exception {
        UUID member = shops.admin().enroll(new EnrollMember("Eva", "Euro", null, "eva.euro@example.com", "CARD7001",
                null, null, "en", null, "POS", "S001", null, null, null)).id();
        long rejectedBefore = shops.connector().outbox().stats().rejected();

        // The shop sells in euros; the program was set up in dollars. Seven orders in a row: WooCommerce would have
        // disabled the webhook after refusals like these, and every later order would never have come.
        List<Long> setAside = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ShopsUnderTest.Answer answer = shops.woo("order.created", "eur-" + i, inEuros(7100 + i));
            assertEquals(200, answer.status(), answer.body().toString());
            assertEquals(0, answer.body().get("queued").asInt());
            assertTrue(answer.body().get("notes").toString().contains("set aside for a person"), answer.body().toString());
            setAside.add(answer.body().get("setAside").asLong());
        }
        ShopsUnderTest.Answer again = shops.woo("order.created", "eur-0", inEuros(7100));
        assertEquals(200, again.status());
        assertTrue(again.body().get("duplicate").asBoolean(), "the same delivery again changes nothing");
        assertEquals(rejectedBefore + 7, shops.connector().outbox().stats().rejected(), "counted for a person");
        String listed = outbox("outbox", "rejected");
        assertTrue(listed.contains("#" + setAside.get(0) + " ") && listed.contains("WEBHOOK  eur-0")
                && listed.contains("currency-mismatch"), listed);
        JsonNode problem = Json.mapper().readTree(webhook("outlet", "eur-0").outcome());
        assertEquals("currency", problem.get("field").asText());
        assertTrue(problem.get("detail").asText().contains("EUR"), problem.toString());

        // Put back before the cause is mended: refused again, with the reason.
        assertTrue(outbox("outbox", "retry", setAside.get(1).toString()).contains("on the queue again"));
        Outbox.Entry still = awaitSettled("outlet", "eur-1");
        assertEquals(Outbox.State.REJECTED, still.state());
        assertTrue(still.outcome().contains("EUR"), still.outcome());
        assertTrue(shops.connector().outbox().find("outlet", StorefrontKinds.ORDER, "7101").isEmpty());

        shops.programCounting("EUR");
        outbox("outbox", "retry", setAside.get(0).toString());
        assertEquals(Outbox.State.SENT, awaitSettled("outlet", "eur-0").state());
        shops.drained();
        Outbox.Entry order = shops.connector().outbox().find("outlet", StorefrontKinds.ORDER, "7100").orElseThrow();
        assertEquals(Outbox.State.SENT, order.state(), order.toString());
        assertEquals(18, Json.mapper().readTree(order.outcome()).get("purchase").get("pointsEarned").asLong(),
                "18.00 of goods, as if it had been taken when it came");
        assertEquals(18, shops.admin().summary(member).pendingPoints());
    }

    @Test
    @Order(1)
    void aShopifyOrderItCannotReadIsSetAsideAndAnOrderEditedLongAfterIsNoted() throws Exception {
        ObjectNode old = wooOrder(7200).put("date_paid_gmt", "2015-03-22T19:28:08")
                .put("date_created_gmt", "2015-03-22T19:28:08");
        ShopsUnderTest.Answer edited = shops.woo("order.updated", "old-1", old);
        assertEquals(200, edited.status(), edited.body().toString());
        assertEquals(0, edited.body().get("queued").asInt());
        assertTrue(edited.body().get("notes").toString().contains("more than a year ago"), edited.body().toString());
        assertNull(edited.body().get("setAside"), "nothing a person could mend");

        ObjectNode noLines = ShopsUnderTest.json("shopify/webhooks/orders_paid.json").put("id", 7300L);
        noLines.remove("line_items");
        ((ObjectNode) noLines.get("customer")).put("id", 7300001L);
        ShopsUnderTest.Answer unread = shops.shopify("orders/paid", "shopify-1", noLines);
        assertEquals(200, unread.status(), unread.body().toString());
        assertEquals(unread.body().get("setAside").asLong(), webhook("acme", "shopify-1").id());
        assertEquals("line_items", Json.mapper().readTree(webhook("acme", "shopify-1").outcome()).get("field").asText());

        // The shop forgets that customer: what was set aside of theirs goes too.
        ObjectNode redact = Json.mapper().createObjectNode().put("shop_id", 954889).put("shop_domain", "acme.myshopify.com");
        redact.putObject("customer").put("id", 7300001L);
        redact.putArray("orders_to_redact");
        assertEquals(200, shops.shopify("customers/redact", "shopify-3", redact).status());
        assertEquals("{\"wiped\":true}", webhook("acme", "shopify-1").body());

        ShopsUnderTest.Answer taken = shops.shopify("customers/create", "shopify-2",
                ShopsUnderTest.json("shopify/webhooks/customers_create.json"));
        assertEquals(200, taken.status());
        assertNull(taken.body().get("setAside"), "a webhook taken is not set aside");
    }

    @Test
    @Order(2)
    void aWooCommerceWebhookFromAnotherSiteIsRefusedAndNothingIsKept() throws Exception {
        ShopsUnderTest.Answer other = shops.woo("order.created", "site-1", wooOrder(7400), "https://other-shop.example.com/");
        assertEquals(403, other.status(), String.valueOf(other.body()));
        assertEquals("https://punchcard.io/problems/shop-mismatch", other.text("type"));
        assertEquals("X-WC-Webhook-Source", other.text("field"));
        assertTrue(other.text("detail").contains("other-shop.example.com"), other.text("detail"));
        assertTrue(shops.connector().outbox().find("outlet", StorefrontKinds.ORDER, "7400").isEmpty());

        ShopsUnderTest.Answer www = shops.woo("order.created", "site-2", wooOrder(7401), "https://www.outlet.example.com/");
        assertEquals(200, www.status(), "the same site with www.: " + www.body());
        assertEquals(1, www.body().get("queued").asInt());
        ShopsUnderTest.Answer own = shops.woo("order.created", "site-3", wooOrder(7402));
        assertEquals(1, own.body().get("queued").asInt(), "the site's address as WooCommerce sends it");
        shops.drained();
    }

    /** Waits until the forwarder has settled the set-aside webhook put back on the queue. */
    private static Outbox.Entry awaitSettled(String stream, String delivery) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Outbox.Entry entry = webhook(stream, delivery);
        while (entry.state() == Outbox.State.PENDING && System.nanoTime() < deadline) {
            Thread.sleep(20);
            entry = webhook(stream, delivery);
        }
        return entry;
    }
}
