package io.punchcard.campaign.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * What the gateway's answers make of an SMS, through the whole scheduler: a gateway that is down for a moment
 * delivers it once, one that refuses the message is asked once, and one too slow to answer leaves the outcome
 * unknown: a marketing SMS is then never sent again (twice is worse than never), a one-time code is.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class SmsGatewayOutcomesIT {

    private static final int TIMEOUT_MILLIS = 800;

    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of(
                "welcome.enabled", "false",
                "sms.gateway.timeout-millis", Integer.toString(TIMEOUT_MILLIS),
                "sms.gateway.connect-timeout-millis", "500"));
        MessagesUnderTest.Answer template = messages.call("PUT", "/scheduler/v1/templates/offer-sms", Map.of(
                "channel", "SMS", "fallbackLanguage", "en", "variants", Map.of("en", Map.of("textBody",
                        "Hi {{givenName}}, double points this weekend."))));
        assertEquals(201, template.status(), template.body());
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @AfterEach
    void accepting() {
        messages.gateway.mode(new FakeSmsGateway.Mode.Accept());
    }

    @Test
    void aGatewayThatIsDownForAMomentDeliversTheSmsOnce() throws Exception {
        messages.gateway.mode(FakeSmsGateway.Mode.unavailable());
        String phone = "+4915112340101";
        long id = offer(messages.enroll("Una", null, phone, false, true, "en"));
        Await.until(() -> requestsTo(phone).size() >= 2, Duration.ofSeconds(20), "two tries at the 503 gateway");

        messages.gateway.mode(FakeSmsGateway.Mode.accept());
        JsonNode sent = messages.messageIn(id, "SENT", 20);
        Thread.sleep(1_000);

        assertNotNull(sent.get("providerId"));
        assertEquals(sent.path("attempts").asInt(), requestsTo(phone).size(), "one request per try, none after it went");
        assertEquals("SENT", messages.message(id).path("state").asText());
    }

    @Test
    void aMessageTheGatewayRefusesIsRejectedAfterOneRequest() throws Exception {
        messages.gateway.mode(FakeSmsGateway.Mode.reject("invalid destination"));
        String phone = "+4915112340102";
        long id = offer(messages.enroll("Rex", null, phone, false, true, "en"));

        JsonNode rejected = messages.messageIn(id, "REJECTED", 20);
        messages.gateway.mode(FakeSmsGateway.Mode.accept());
        Thread.sleep(1_500);

        assertTrue(rejected.path("outcomeDetail").asText().contains("invalid destination"), rejected.toString());
        assertEquals(1, requestsTo(phone).size());
    }

    @Test
    void aMarketingSmsTheGatewayIsTooSlowToConfirmIsUnknownAndNeverSentAgain() throws Exception {
        messages.gateway.mode(FakeSmsGateway.Mode.slow(Duration.ofMillis(TIMEOUT_MILLIS * 3L)));
        String phone = "+4915112340103";
        long id = offer(messages.enroll("Sam", null, phone, false, true, "en"));

        messages.messageIn(id, "UNKNOWN", 20);
        messages.gateway.mode(FakeSmsGateway.Mode.accept());
        Thread.sleep(2_000);

        assertEquals(1, requestsTo(phone).size(), "the member may have it: it is not sent a second time");
        assertEquals("UNKNOWN", messages.message(id).path("state").asText());
    }

    @Test
    void aOneTimeCodeTheGatewayIsTooSlowToConfirmIsSentAgain() throws Exception {
        messages.gateway.mode(FakeSmsGateway.Mode.slow(Duration.ofMillis(TIMEOUT_MILLIS * 3L)));
        String phone = "+4915112340104";
        MessagesUnderTest.Answer requested = messages.call("POST", "/scheduler/v1/one-time-codes",
                Map.of("phone", phone, "language", "en"), messages.kioskKey);
        assertEquals(202, requested.status(), requested.body());
        Await.until(() -> requestsTo(phone).size() >= 1, Duration.ofSeconds(20), "the code's first try");

        messages.gateway.mode(FakeSmsGateway.Mode.accept());
        Await.until(() -> requestsTo(phone).size() >= 2, Duration.ofSeconds(20), "the code sent again");

        List<FakeSmsGateway.Received> tries = requestsTo(phone);
        assertEquals(tries.get(0).json().get("text"), tries.get(1).json().get("text"), "the same code both times");
        assertEquals(tries.get(0).json().get("reference"), tries.get(1).json().get("reference"),
                "the same reference, so the gateway can tell it is one message");
    }

    private static long offer(MemberView member) {
        MessagesUnderTest.Answer queued = messages.call("POST", "/scheduler/v1/messages", Map.of(
                "requestId", "sms-" + UUID.randomUUID(), "memberId", member.id().toString(), "template", "offer-sms"));
        assertEquals(202, queued.status(), queued.body());
        return queued.json().get("id").asLong();
    }

    private static List<FakeSmsGateway.Received> requestsTo(String phone) {
        return messages.gateway.requests().stream().filter(r -> r.json() != null
                && phone.equals(r.json().path("to").asText())).toList();
    }
}
