package io.punchcard.storefront;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.outbox.Outbox;
import io.punchcard.storefront.forward.StorefrontKinds;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shopify's and WooCommerce's real payloads (read in place from ../shared/fixtures, signed here as the platforms
 * sign them) through the connector into a real core: an in-store member's online order lands on them, pending
 * through the return window; refunds and cancellations reverse in proportion, once, whatever order the webhooks
 * come in; bad webhooks are refused with their reason and leave nothing behind; the privacy topics unlink, erase
 * and export.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class StorefrontIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2022-01-02T12:00:00Z"));
    private static ShopsUnderTest shops;
    private static Path dir;

    @BeforeAll
    static void start(TestPostgres postgres, @TempDir Path folder) throws Exception {
        dir = folder;
        shops = ShopsUnderTest.start(postgres, folder, CLOCK, Map.of());
    }

    @AfterAll
    static void stop() {
        shops.close();
    }

    /** Shopify's orders/paid example, bought by customer {@code customerId} with {@code email}. */
    private static ObjectNode order(String orderId, String customerId, String email) throws Exception {
        ObjectNode order = ShopsUnderTest.json("shopify/webhooks/orders_paid.json");
        order.put("id", Long.parseLong(orderId));
        ObjectNode customer = (ObjectNode) order.get("customer");
        customer.put("id", Long.parseLong(customerId));
        customer.put("email", email);
        return order;
    }

    private static ObjectNode refund(String refundId, String orderId) throws Exception {
        ObjectNode refund = ShopsUnderTest.json("shopify/webhooks/refunds_create.json");
        refund.put("id", Long.parseLong(refundId));
        refund.put("order_id", Long.parseLong(orderId));
        return refund;
    }

    private static UUID inStoreMember(String card, String phone, String email) {
        return shops.admin().enroll(new EnrollMember("Jon", "Smith", phone, email, card, null, null, "en", null,
                "POS", "S001", null, null, null)).id();
    }

    private static long earned(String orderId) throws Exception {
        Outbox.Entry entry = shops.connector().outbox().find("acme", StorefrontKinds.ORDER, orderId).orElseThrow();
        assertEquals(Outbox.State.SENT, entry.state(), entry.toString());
        return Json.mapper().readTree(entry.outcome()).path("purchase").path("pointsEarned").asLong();
    }

    @Test
    void anOrderInTheProgramsNewCurrencyIsTakenAtOnceAfterTheChange() throws Exception {
        long rejectedBefore = shops.connector().outbox().stats().rejected();
        shops.programCounting("EUR");
        try {
            // The connector still knows USD: the EUR order makes it ask the core again before it would refuse.
            assertEquals("USD", shops.connector().facts().currency());
            ObjectNode euros = order("900050", "5001050", "eve@example.com").put("currency", "EUR");

            ShopsUnderTest.Answer taken = shops.shopify("orders/paid", "eur-1", euros);

            assertEquals(200, taken.status(), taken.body().toString());
            assertEquals("EUR", shops.connector().facts().currency());
            shops.drained();
            assertEquals(rejectedBefore, shops.connector().outbox().stats().rejected(), "the core took it in euros");
        } finally {
            shops.programCounting("USD");
            shops.connector().refreshProgram();
        }
        assertEquals("USD", shops.connector().facts().currency());
    }

    @Test
    void anInStoreMembersOnlineOrderLandsOnThemPendingThenAvailableAndARefundReversesInProportion() throws Exception {
        UUID member = inStoreMember("CARD5001", "+1 613 555 0101", "jon.smith@example.com");

        ShopsUnderTest.Answer paid = shops.shopify("orders/paid", "delivery-1", order("900001", "5001001",
                "Jon.Smith@example.com"));

        assertEquals(200, paid.status(), String.valueOf(paid.body()));
        assertEquals(1, paid.body().get("queued").asInt());
        shops.drained();
        long points = earned("900001");
        assertEquals(404 + 50, points, "414.95 of goods less the 10.00 order discount (the other 10.00 of the 20.00 "
                + "discounts is free shipping; shipping and tax never earn), and the program's bonus over 100.00");
        MemberSummary card = shops.admin().summary(member);
        assertEquals(points, card.pendingPoints(), "on the in-store member, pending through the return window");
        assertEquals(0, card.availablePoints());
        assertEquals(member, shops.admin().summaryBy("externalId", "shopify:5001001").memberId(),
                "the shop's customer is now linked to the member: the O2O link");

        assertTrue(shops.shopify("orders/paid", "delivery-1", order("900001", "5001001", "jon.smith@example.com"))
                .body().get("duplicate").asBoolean(), "the same delivery again");
        ShopsUnderTest.Answer again = shops.shopify("orders/paid", "delivery-2", order("900001", "5001001",
                "jon.smith@example.com"));
        assertEquals(0, again.body().get("queued").asInt(), "the same order by another delivery: " + again.body());
        shops.drained();
        assertEquals(points, shops.admin().summary(member).pendingPoints(), "recorded once");

        CLOCK.advance(Duration.ofDays(15));
        card = shops.admin().summary(member);
        assertEquals(points, card.availablePoints(), "the 14-day window passed");
        assertEquals(0, card.pendingPoints());

        // Two of the five items come back: the sunglasses (89.99) and the lens plan (19.99).
        ObjectNode partial = refund("910001", "900001");
        ArrayNode items = (ArrayNode) partial.get("refund_line_items");
        while (items.size() > 2) {
            items.remove(2);
        }
        ShopsUnderTest.Answer refunded = shops.shopify("refunds/create", "delivery-3", partial);
        assertEquals(200, refunded.status(), String.valueOf(refunded.body()));
        shops.drained();
        long reversed = Json.mapper().readTree(shops.connector().outbox().find("acme", StorefrontKinds.REFUND, "910001")
                .orElseThrow().outcome()).get("pointsReversed").asLong();
        assertEquals(Math.round(points * 10998.0 / 41495), reversed, 1.0,
                "109.98 of the 414.95 of goods come back: that share of the points goes");
        assertEquals(points - reversed, shops.admin().summary(member).availablePoints());
        assertEquals(0, shops.shopify("refunds/create", "delivery-4", partial).body().get("queued").asInt(),
                "the same refund by another delivery");
    }

    @Test
    void aCancellationTakesBackWhatRefundsDidNotOnceWhateverOrderTheWebhooksComeIn() throws Exception {
        long rejectedBefore = shops.connector().outbox().stats().rejected();
        // Money back without items (85.00 of the transactions): refunded by amount.
        ObjectNode goodwill = refund("910002", "900002");
        goodwill.putArray("refund_line_items");
        ShopsUnderTest.Answer early = shops.shopify("refunds/create", "delivery-10", goodwill);
        assertEquals(0, early.body().get("queued").asInt(), "a refund before its order waits for it: " + early.body());

        assertEquals(2, shops.shopify("orders/paid", "delivery-11", order("900002", "5001002", "kim@example.com"))
                .body().get("queued").asInt(), "the order, then the refund that waited");
        assertEquals(1, shops.shopify("orders/cancelled", "delivery-12", order("900002", "5001002", "kim@example.com"))
                .body().get("queued").asInt(), "what the refund left");
        assertEquals(0, shops.shopify("orders/cancelled", "delivery-13", order("900002", "5001002", "kim@example.com"))
                .body().get("queued").asInt(), "cancelled once");
        assertEquals(0, shops.shopify("refunds/create", "delivery-14", refund("910003", "900002"))
                .body().get("queued").asInt(), "nothing is left to refund after the cancellation");
        shops.drained();

        UUID kim = shops.admin().summaryBy("externalId", "shopify:5001002").memberId();
        MemberSummary card = shops.admin().summary(kim);
        assertEquals(404 + 50, earned("900002"), "the same goods as order 900001 earn the same");
        assertEquals(0, card.pendingPoints() + card.availablePoints(), "every point of the order is reversed, no more");
        assertEquals(rejectedBefore, shops.connector().outbox().stats().rejected(), "and the core refused nothing");
    }

    /** An order of a 50.00 gift card (earns nothing) and a 50.00 shirt. */
    private static ObjectNode giftCardAndShirt(String orderId, String customerId) throws Exception {
        ObjectNode order = order(orderId, customerId, "gift" + customerId + "@example.com");
        order.put("total_price", "100.00").put("subtotal_price", "100.00").put("total_line_items_price", "100.00")
                .put("total_discounts", "0.00").put("total_tax", "0.00");
        order.putArray("shipping_lines");
        ArrayNode lines = order.putArray("line_items");
        lines.addObject().put("id", 1).put("sku", "GIFT-50").put("quantity", 1).put("price", "50.00")
                .put("gift_card", true);
        lines.addObject().put("id", 2).put("sku", "SHIRT").put("quantity", 1).put("price", "50.00");
        return order;
    }

    private static ObjectNode refundOf(String refundId, String orderId, String sku, String amount) {
        ObjectNode refund = Json.mapper().createObjectNode().put("id", Long.parseLong(refundId))
                .put("order_id", Long.parseLong(orderId));
        ObjectNode item = refund.putArray("refund_line_items").addObject().put("quantity", 1).put("line_item_id", 9);
        item.putObject("line_item").put("id", 9).put("sku", sku);
        item.putObject("subtotal_set").putObject("shop_money").put("amount", amount).put("currency_code", "USD");
        return refund;
    }

    @Test
    void aCancellationAfterARefundOfItemsTakesEveryPointLeftAndAnItemTheSaleLacksIsRefundedByItsMoney()
            throws Exception {
        long rejectedBefore = shops.connector().outbox().stats().rejected();
        assertEquals(200, shops.shopify("orders/paid", "gift-1", giftCardAndShirt("900030", "5001030")).status());
        assertEquals(200, shops.shopify("refunds/create", "gift-2", refundOf("910030", "900030", "GIFT-50", "50.00"))
                .status());
        assertEquals(200, shops.shopify("orders/cancelled", "gift-3", giftCardAndShirt("900030", "5001030")).status());
        assertEquals(200, shops.shopify("orders/paid", "gift-4", giftCardAndShirt("900031", "5001031")).status());
        // An item an order edit added after the sale: the core does not know it on the purchase.
        assertEquals(200, shops.shopify("refunds/create", "gift-5", refundOf("910031", "900031", "EDIT-ADDED", "20.00"))
                .status());
        shops.drained();

        assertEquals(50, earned("900030"), "the shirt earns; the gift card does not");
        MemberSummary cancelled = shops.admin().summary(shops.admin().summaryBy("externalId", "shopify:5001030").memberId());
        assertEquals(0, cancelled.pendingPoints() + cancelled.availablePoints(),
                "the gift card's refund took nothing; the cancellation took the shirt's 50");
        long reversed = Json.mapper().readTree(shops.connector().outbox().find("acme", StorefrontKinds.REFUND, "910031")
                .orElseThrow().outcome()).get("pointsReversed").asLong();
        assertEquals(10, reversed, "20.00 of the 100.00 paid takes a fifth of the 50 points");
        assertEquals(rejectedBefore, shops.connector().outbox().stats().rejected(), "none of them set aside");
    }

    @Test
    void aWooCommerceOrderEarnsByItsStatusAndItsRefundsCountOnce() throws Exception {
        Instant before = CLOCK.instant();
        CLOCK.set(Instant.parse("2017-03-25T12:00:00Z"));
        try {
            UUID member = inStoreMember("CARD5003", "+1 415 555 0199", "john.doe@example.com");
            ObjectNode order = ShopsUnderTest.json("woocommerce/order_create_response_example.json");

            assertEquals(200, shops.woo("order.created", "w-1", order).status());
            ObjectNode pending = order.deepCopy().put("id", 728).put("status", "pending");
            assertEquals(0, shops.woo("order.created", "w-2", pending).body().get("queued").asInt(), "not paid");
            ObjectNode updated = ShopsUnderTest.json("woocommerce/order_update_response_example.json");
            ((ArrayNode) updated.withArray("refunds")).addObject().put("id", 726).put("reason", "").put("total", "-10.00");
            assertEquals(1, shops.woo("order.updated", "w-3", updated).body().get("queued").asInt(), "the refund");
            assertEquals(0, shops.woo("order.updated", "w-4", updated).body().get("queued").asInt(), "listed again");
            shops.drained();

            Outbox.Entry sale = shops.connector().outbox().find("outlet", StorefrontKinds.ORDER, "727").orElseThrow();
            JsonNode answer = Json.mapper().readTree(sale.outcome());
            assertEquals("GUEST_EMAIL", answer.get("outcome").asText(), "a guest checkout with a member's e-mail");
            assertEquals(18, answer.get("purchase").get("pointsEarned").asLong(), "18.00 of goods; tax and shipping never earn");
            long reversed = Json.mapper().readTree(shops.connector().outbox().find("outlet", StorefrontKinds.REFUND, "726")
                    .orElseThrow().outcome()).get("pointsReversed").asLong();
            assertEquals(6, reversed, "10.00 back of 29.35");
            assertEquals(12, shops.admin().summary(member).pendingPoints());
        } finally {
            CLOCK.set(before);
        }
    }

    @Test
    void badWebhooksAreRefusedWithTheirReasonAndLeaveNothingBehind() throws Exception {
        long[] before = rows();
        byte[] order = Json.mapper().writeValueAsBytes(order("900004", "5001004", "lee@example.com"));

        assertEquals(401, shops.shopify("orders/paid", "bad-1", order, null).status(), "unsigned");
        ShopsUnderTest.Answer wrong = shops.shopify("orders/paid", "bad-2", order, "not-the-secret");
        assertEquals(401, wrong.status());
        assertEquals("https://punchcard.io/problems/signature", wrong.text("type"));
        byte[] changed = order.clone();
        changed[changed.length - 2] = (byte) (changed[changed.length - 2] == '1' ? '2' : '1');
        HttpRequest.Builder tampered = HttpRequest.newBuilder(shops.uri("/webhooks/shopify/acme"))
                .header("X-Shopify-Topic", "orders/paid").header("X-Shopify-Webhook-Id", "bad-3")
                .header("X-Shopify-Hmac-Sha256", Signature.of(ShopsUnderTest.SHOPIFY_SECRET, order))
                .POST(HttpRequest.BodyPublishers.ofByteArray(changed));
        assertEquals(401, ShopsUnderTest.send(tampered).status(), "a body changed by one byte after signing");

        ShopsUnderTest.Answer notJson = shops.shopify("orders/paid", "bad-4",
                "{\"id\": 1, \"line_items\": [".getBytes(StandardCharsets.UTF_8), ShopsUnderTest.SHOPIFY_SECRET);
        assertEquals(400, notJson.status());
        assertEquals("body", notJson.text("field"));
        ShopsUnderTest.Answer topic = shops.shopify("orders/fulfilled", "bad-5", order, ShopsUnderTest.SHOPIFY_SECRET);
        assertEquals(400, topic.status());
        assertEquals("X-Shopify-Topic", topic.text("field"));
        ObjectNode huge = order("900008", "5001008", "lee@example.com").put("note", "x".repeat(70_000));
        assertEquals(413, shops.shopify("orders/paid", "bad-9", huge).status());
        assertEquals(404, ShopsUnderTest.send(HttpRequest.newBuilder(shops.uri("/webhooks/shopify/nobody"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(order))).status());

        assertEquals(before[0], rows()[0], "no delivery was noted");
        assertEquals(before[1], rows()[1], "nothing was queued");

        ShopsUnderTest.Answer rotated = shops.shopify("customers/create", "good-1", Json.mapper().writeValueAsBytes(
                ShopsUnderTest.json("shopify/webhooks/customers_create.json")), ShopsUnderTest.SHOPIFY_PREVIOUS);
        assertEquals(200, rotated.status(), "signed with the previous secret during a rotation");
        ShopsUnderTest.Answer ping = ShopsUnderTest.send(HttpRequest.newBuilder(shops.uri("/webhooks/woocommerce/outlet"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("webhook_id=17")));
        assertEquals(200, ping.status(), "WooCommerce's unsigned check of a new webhook's URL");
        assertEquals(before[0] + 1, rows()[0]);
    }

    @Test
    void aRealOrderIsJudgedByTheFieldsWeReadNotByTheOnesWeIgnore() throws Exception {
        long[] before = rows();
        long rejectedBefore = shops.connector().outbox().stats().rejected();
        long pendingBefore = shops.connector().outbox().stats().pending();
        byte[] trailing = (Json.mapper().writeValueAsString(order("900022", "5001022", "kim@example.com")) + " {}")
                .getBytes(StandardCharsets.UTF_8);
        ShopsUnderTest.Answer twoValues = shops.shopify("orders/paid", "strict-3", trailing, ShopsUnderTest.SHOPIFY_SECRET);
        assertEquals(400, twoValues.status(), "something after the order, signed with it");
        assertFalse(twoValues.body().toString().contains("com.fasterxml"), twoValues.body().toString());
        assertEquals(before[0], rows()[0], "no delivery was noted");
        assertEquals(before[1], rows()[1], "nothing was kept");

        // Signed by the shop but holding what the mapping cannot take: set aside for a person, never sent on.
        ObjectNode badEmail = order("900020", "5001020", "lee@example.com").put("email", "lee\u0000@example.com");
        ShopsUnderTest.Answer nul = shops.shopify("orders/paid", "strict-1", badEmail);
        assertEquals(200, nul.status(), nul.body().toString());
        assertTrue(nul.body().hasNonNull("setAside"), nul.body().toString());
        assertTrue(nul.body().toString().contains("email holds a NUL"), "the note names the field: " + nul.body());
        ObjectNode halfItem = order("900021", "5001021", "kim@example.com");
        ((ObjectNode) halfItem.get("line_items").get(0)).put("quantity", 1.5);
        ShopsUnderTest.Answer half = shops.shopify("orders/paid", "strict-2", halfItem);
        assertTrue(half.body().hasNonNull("setAside"), "1.5 items is not truncated to 1: " + half.body());
        assertEquals(rejectedBefore + 2, shops.connector().outbox().stats().rejected(), "both set aside");
        assertEquals(pendingBefore, shops.connector().outbox().stats().pending(), "nothing on its way to the core");

        ObjectNode oddNote = order("900023", "5001023", "kim@example.com").put("note", "gift\u0000wrap\ud800");
        ShopsUnderTest.Answer taken = shops.shopify("orders/paid", "strict-4", oddNote);
        assertEquals(200, taken.status(), "a NUL or a lone surrogate in a field we never read is no reason to refuse: "
                + taken.body());
    }

    @Test
    void theShopForgetsItsCustomersAndAnswersTheirDataRequests() throws Exception {
        UUID inStore = inStoreMember("CARD5005", null, "mia@example.com");
        ObjectNode mia = ShopsUnderTest.json("shopify/webhooks/customers_create.json").put("id", 5001050L)
                .put("email", "mia@example.com");
        ObjectNode bob = ShopsUnderTest.json("shopify/webhooks/customers_create.json");
        assertEquals(200, shops.shopify("customers/create", "gdpr-1", mia).status());
        assertEquals(200, shops.shopify("customers/update", "gdpr-2", bob).status());
        shops.drained();
        UUID online = shops.admin().summaryBy("email", "bob@biller.com").memberId();

        ObjectNode request = Json.mapper().createObjectNode().put("shop_id", 954889).put("shop_domain", "acme.myshopify.com");
        request.putObject("customer").put("id", 706405506930370084L).put("email", "bob@biller.com");
        request.putArray("orders_requested");
        request.putObject("data_request").put("id", 9999);
        assertEquals(200, shops.shopify("customers/data_request", "gdpr-3", request).status());
        shops.drained();
        String export = Files.readString(dir.resolve("exports/acme/data-request-9999.json"));
        assertTrue(export.contains("bob@biller.com") && export.contains(online.toString()), export);

        ObjectNode redact = Json.mapper().createObjectNode().put("shop_id", 954889).put("shop_domain", "acme.myshopify.com");
        redact.putObject("customer").put("id", 706405506930370084L).put("email", "bob@biller.com");
        redact.putArray("orders_to_redact");
        assertEquals(200, shops.shopify("customers/redact", "gdpr-4", redact).status());
        ObjectNode shopGone = Json.mapper().createObjectNode().put("shop_id", 954889).put("shop_domain", "acme.myshopify.com");
        assertEquals(200, shops.shopify("shop/redact", "gdpr-5", shopGone).status());
        shops.drained();

        assertEquals(404, assertThrows(PunchcardException.class,
                () -> shops.admin().summaryBy("email", "bob@biller.com")).status(), "known only through the shop: erased");
        assertEquals(inStore, shops.admin().summaryBy("email", "mia@example.com").memberId(), "a store's member stays");
        assertEquals(404, assertThrows(PunchcardException.class,
                () -> shops.admin().summaryBy("externalId", "shopify:5001050")).status(), "without the shop's link");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("storefront.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox WHERE instr(body, 'bob@biller.com') > 0")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "nothing the connector kept names him any more");
        }
    }

    @Test
    void aBuyerWhoseEmailAndPhoneNameTwoMembersIsListedForAManagerNotGuessed() throws Exception {
        UUID byEmail = inStoreMember("CARD5007", null, "pat@example.com");
        UUID byPhone = inStoreMember("CARD5008", "+1 613 555 0188", null);
        ObjectNode order = order("900020", "5001020", "pat@example.com");
        ((ObjectNode) order.get("customer")).put("phone", "+16135550188");

        assertEquals(200, shops.shopify("orders/paid", "ambiguous-1", order).status());
        shops.drained();

        JsonNode answer = Json.mapper().readTree(shops.connector().outbox().find("acme", StorefrontKinds.ORDER, "900020")
                .orElseThrow().outcome());
        assertEquals("AMBIGUOUS", answer.get("outcome").asText());
        assertTrue(answer.get("purchase").path("memberId").isMissingNode() || answer.get("purchase").get("memberId").isNull(),
                "kept without a member: " + answer);
        assertEquals(0, shops.admin().summary(byEmail).pendingPoints(), "neither is guessed");
        assertEquals(0, shops.admin().summary(byPhone).pendingPoints());
        String duplicates = shops.core("/api/v1/duplicates");
        assertTrue(duplicates.contains(byEmail.toString()) && duplicates.contains(byPhone.toString()), duplicates);
    }

    @Test
    void withTheCoreDownOrdersAreStillTakenAndThePointsFollowWhenItIsBack() throws Exception {
        shops.drained(); // what earlier tests queued is at the core, so the queue below holds these orders alone
        long rejectedBefore = shops.connector().outbox().stats().rejected();
        shops.stopCore();
        try {
            for (int i = 0; i < 20; i++) {
                ShopsUnderTest.Answer taken = shops.shopify("orders/paid", "outage-" + i, order("90010" + i,
                        "50011" + i, "outage" + i + "@example.com"));
                assertEquals(200, taken.status(), "answered from the connector's disk: " + taken.body());
            }
            shops.awaitCoreOffline();
            assertEquals(20, shops.connector().outbox().stats().pending(), "the forwarder tried, and kept every order");
            assertEquals(rejectedBefore, shops.connector().outbox().stats().rejected(), "a core out of reach refuses nothing");
        } finally {
            shops.startCore();
        }
        shops.drained();
        for (int i = 0; i < 20; i++) {
            UUID buyer = shops.admin().summaryBy("externalId", "shopify:50011" + i).memberId();
            assertEquals(earned("90010" + i), shops.admin().summary(buyer).pendingPoints(), "order " + i + ", once");
        }
        assertEquals(rejectedBefore, shops.connector().outbox().stats().rejected(), "none of them set aside");
    }

    @Test
    void aConsentTheShopDatesLaterThanTheMembersOwnIsRecordedAnOlderOneIsNot() throws Exception {
        UUID member = shops.admin().enroll(new EnrollMember("Nora", "Berg", null, "nora@example.com", "CARD5006", null,
                null, "en", null, "POS", "S001", null, Map.of("email", new io.punchcard.api.v1.Consent(true, "pos-signup",
                        CLOCK.instant().minus(Duration.ofDays(10)))), null)).id();
        ObjectNode customer = ShopsUnderTest.json("shopify/webhooks/customers_create.json").put("id", 5001060L)
                .put("email", "nora@example.com");
        customer.putObject("email_marketing_consent").put("state", "unsubscribed")
                .put("consent_updated_at", CLOCK.instant().minus(Duration.ofDays(20)).toString());

        assertEquals(200, shops.shopify("customers/create", "consent-1", customer).status());
        assertEquals(200, shops.shopify("customers/update", "consent-2", customer).status());
        shops.drained();
        assertTrue(shops.admin().member(member).consents().get("email").granted(),
                "the shop's record is older than her sign-up at the till");

        ((ObjectNode) customer.get("email_marketing_consent")).put("consent_updated_at",
                CLOCK.instant().minus(Duration.ofDays(1)).toString());
        assertEquals(200, shops.shopify("customers/update", "consent-3", customer).status());
        shops.drained();
        assertFalse(shops.admin().member(member).consents().get("email").granted(), "she unsubscribed online since");
    }

    /** Deliveries noted and outbox entries, read from the connector's file. */
    private static long[] rows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("storefront.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM delivery), (SELECT count(*) FROM outbox)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
