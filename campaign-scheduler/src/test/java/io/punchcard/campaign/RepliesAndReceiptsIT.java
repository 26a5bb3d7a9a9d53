package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.Json;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;
import io.punchcard.campaign.message.WebhookSignature;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * What comes back from members and the gateway, and what a purchase sends: a STOP reply withdraws the member's SMS
 * consent at the core and cancels their queued marketing SMS, START gives it back, a webhook that is not signed
 * now changes nothing; delivery receipts never step back; an e-receipt goes to members who asked for one, for
 * live purchases only.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class RepliesAndReceiptsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of("welcome.enabled", "false"));
        MessagesUnderTest.Answer template = messages.call("PUT", "/scheduler/v1/templates/offer-sms", Map.of(
                "channel", "SMS", "fallbackLanguage", "en", "variants", Map.of("en", Map.of("textBody",
                        "Hi {{givenName}}, double points this weekend."))));
        assertEquals(201, template.status(), template.body());
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    void aStopReplyWithdrawsSmsConsentAtTheCoreAndCancelsQueuedMarketingAndStartGivesItBack() throws Exception {
        String phone = "+4915112340201";
        MemberView sue = messages.enroll("Sue", null, phone, false, true, "en");
        long later = planLater(sue);

        MessagesUnderTest.Answer stop = messages.webhook("/scheduler/v1/sms/inbound", inbound(phone, "STOP"));

        assertEquals(200, stop.status(), stop.body());
        assertEquals(1, stop.json().path("cancelled").asInt(), stop.body());
        Consent withdrawn = messages.admin.member(sue.id()).consents().get("sms");
        assertEquals(false, withdrawn.granted());
        assertEquals("sms-reply", withdrawn.source());
        JsonNode cancelled = messages.message(later);
        assertEquals("CANCELLED", cancelled.path("state").asText());
        assertEquals("OPTED_OUT", cancelled.path("outcome").asText());

        MessagesUnderTest.Answer start = messages.webhook("/scheduler/v1/sms/inbound", inbound(phone, "START"));

        assertEquals(200, start.status(), start.body());
        Consent given = messages.admin.member(sue.id()).consents().get("sms");
        assertEquals(true, given.granted());
        assertEquals("sms-reply", given.source());
        // Consent again: a new marketing SMS goes.
        long next = offerNow(sue);
        messages.messageIn(next, "SENT", 20);
    }

    @Test
    void aReplyThatIsUnsignedStaleOrForgedIsRefusedAndChangesNothing() throws Exception {
        String phone = "+4915112340202";
        MemberView tim = messages.enroll("Tim", null, phone, false, true, "en");
        long later = planLater(tim);
        Map<String, Consent> consentsBefore = messages.admin.member(tim.id()).consents();
        JsonNode historyBefore = messages.messagesOf(tim.id());
        byte[] stop = inbound(phone, "STOP").getBytes(StandardCharsets.UTF_8);
        byte[] secret = MessagesUnderTest.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        assertEquals(401, post(stop, null));
        assertEquals(401, post(stop, WebhookSignature.sign(secret, now - 3_600, stop)), "an hour old: a replay");
        assertEquals(401, post(stop, WebhookSignature.sign("not-the-gateways-secret-at-all".getBytes(StandardCharsets.UTF_8), now,
                stop)));

        assertEquals(consentsBefore, messages.admin.member(tim.id()).consents());
        assertEquals(historyBefore, messages.messagesOf(tim.id()));
        assertEquals("QUEUED", messages.message(later).path("state").asText());
    }

    @Test
    void aLateSentReceiptAfterDeliveredLeavesTheMessageDeliveredAndAnUnknownReferenceIs404() throws Exception {
        String phone = "+4915112340203";
        long id = offerNow(messages.enroll("Vera", null, phone, false, true, "en"));
        messages.messageIn(id, "SENT", 20);
        String reference = messages.gateway.requests().stream().filter(r -> phone.equals(r.json().path("to").asText()))
                .findFirst().orElseThrow().json().get("reference").asText();
        Instant sentAt = Instant.now().minusSeconds(30);

        MessagesUnderTest.Answer delivered = messages.webhook("/scheduler/v1/sms/receipts",
                receipt(reference, "delivered", sentAt.plusSeconds(10)));
        MessagesUnderTest.Answer late = messages.webhook("/scheduler/v1/sms/receipts", receipt(reference, "sent", sentAt));
        MessagesUnderTest.Answer unknown = messages.webhook("/scheduler/v1/sms/receipts",
                receipt("m-no-such-reference", "delivered", sentAt));

        assertEquals(200, delivered.status(), delivered.body());
        assertEquals(200, late.status(), late.body());
        assertEquals("DELIVERED", messages.message(id).path("delivery").asText());
        assertEquals(404, unknown.status(), unknown.body());
    }

    @Test
    void aMemberTaggedForEReceiptsGetsOneWithThePointsEarnedAndNoOneElseDoes() throws Exception {
        MemberView tagged = messages.enrollAt("Rita", "rita@example.com", null, List.of("e-receipt"));
        MemberView untagged = messages.enrollAt("Ulf", "ulf@example.com", null, List.of());
        messages.admin.recordPurchase(sale(tagged, Instant.now().minus(Duration.ofDays(400))).asHistory());
        messages.admin.recordPurchase(sale(untagged, Instant.now().minusSeconds(20)));
        PurchaseRecorded live = messages.admin.recordPurchase(sale(tagged, Instant.now().minusSeconds(10)));
        assertTrue(live.pointsEarned() > 0, "the purchase earned points");

        MimeMessage receipt = Await.value(() -> messages.mailTo("rita@example.com").stream().findFirst().orElse(null),
                Duration.ofSeconds(20), "Rita's e-receipt");
        // The feed is read in order: the purchases before hers were decided before it, but give a slow worker time.
        Thread.sleep(1_000);

        assertEquals("Your points for your purchase", receipt.getSubject());
        String text = text(receipt);
        assertTrue(text.contains("It earned " + live.pointsEarned() + " points"), text);
        assertEquals(1, messages.mailTo("rita@example.com").size(), "no e-receipt for the history purchase");
        assertEquals(0, messages.mailTo("ulf@example.com").size(), "no e-receipt for a member who did not ask");
    }

    private static RecordPurchase sale(MemberView member, Instant at) {
        return new RecordPurchase(new PurchaseSource("POS", "S001", "T1", null), "sale-" + UUID.randomUUID(),
                MemberRef.id(member.id()), at, "EUR",
                List.of(new PurchaseLine("SKU-1", "shirts", BigDecimal.ONE, 2_500L, 0L)), null, null, null, 2_500L,
                null, null);
    }

    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof String s) {
            return s;
        }
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) content;
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < parts.getCount(); i++) {
            Object part = parts.getBodyPart(i).getContent();
            all.append(part instanceof jakarta.mail.Multipart nested ? nested.getBodyPart(0).getContent() : part);
        }
        return all.toString();
    }

    /** A marketing SMS due in an hour: queued when the reply comes. */
    private static long planLater(MemberView member) {
        return messages.scheduler.planner().plan(new PlannedMessage("campaign:later:1:" + member.id(),
                Purpose.MARKETING, Channel.SMS, member.id(), null, "offer-sms", CauseFacts.NONE, "later",
                "campaign:later", Instant.now().plus(Duration.ofHours(1)))).id();
    }

    private static long offerNow(MemberView member) {
        MessagesUnderTest.Answer queued = messages.call("POST", "/scheduler/v1/messages", Map.of(
                "requestId", "sms-" + UUID.randomUUID(), "memberId", member.id().toString(), "template", "offer-sms"));
        assertEquals(202, queued.status(), queued.body());
        return queued.json().get("id").asLong();
    }

    private static String inbound(String from, String text) {
        return Json.write(Map.of("from", from, "text", text));
    }

    private static String receipt(String reference, String status, Instant at) {
        return Json.write(Map.of("reference", reference, "status", status, "at", at.toString()));
    }

    private static int post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(messages.uri().resolve("/scheduler/v1/sms/inbound"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Punchcard-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
