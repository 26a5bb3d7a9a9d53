package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The messages a newcomer sees first, end to end against a real core, SMTP server and gateway: the welcome e-mail
 * of a member who agreed to e-mail, its one-click unsubscribe reaching the core's consents and cancelling what was
 * queued, and a templated SMS through the gateway.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class MessagesIT {

    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of());
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    void aMemberWhoAgreedToEmailIsWelcomedOnceWithAOneClickUnsubscribe() throws Exception {
        MemberView ada = messages.enroll("Ada", "ada@example.com", null, true, false, "de");
        MimeMessage welcome = Await.value(() -> java.util.Arrays.stream(messages.mail.getReceivedMessages())
                .filter(m -> to(m).equals("ada@example.com")).findFirst().orElse(null), Duration.ofSeconds(20),
                "Ada's welcome e-mail");
        assertEquals("Willkommen, Ada!", welcome.getSubject());
        String unsubscribe = welcome.getHeader("List-Unsubscribe")[0];
        assertTrue(unsubscribe.startsWith("<http://127.0.0.1:1/unsubscribe/u1."), unsubscribe);
        assertEquals("List-Unsubscribe=One-Click", welcome.getHeader("List-Unsubscribe-Post")[0]);

        // A one-off marketing e-mail queued for later, which the unsubscribe must stop.
        var queued = messages.call("POST", "/scheduler/v1/messages", Map.of("requestId", "later-" + UUID.randomUUID(),
                "memberId", ada.id().toString(), "template", "welcome"));
        assertEquals(202, queued.status(), queued.body());

        String path = URI.create(unsubscribe.substring(1, unsubscribe.length() - 1)).getPath();
        HttpResponse<String> clicked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(messages.uri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, clicked.statusCode(), clicked.body());

        // Clicked again, and by whoever the e-mail was forwarded to: the same opt-out, written once.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(messages.uri()
                    .resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, again.statusCode(), again.body());
        }
        try (var c = messages.schedulerDb().unwrap(java.sql.Connection.class);
             var ps = c.prepareStatement("SELECT count(*) FROM opt_out WHERE member_id = ?")) {
            ps.setObject(1, ada.id());
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1), "one opt-out row for four clicks");
            }
        }

        var consent = messages.admin.member(ada.id()).consents().get("email");
        assertFalse(consent.granted(), "the core's consent is withdrawn at once");
        assertEquals("unsubscribe-link", consent.source());
        JsonNode history = messages.messagesOf(ada.id());
        assertEquals(2, history.size());
        long welcomes = java.util.Arrays.stream(messages.mail.getReceivedMessages())
                .filter(m -> to(m).equals("ada@example.com")).count();
        assertEquals(1, welcomes, "the welcome went once; the one-off after the unsubscribe never did");
        assertTrue(java.util.stream.StreamSupport.stream(history.spliterator(), false).anyMatch(m ->
                m.get("state").asText().equals("CANCELLED") && m.get("outcome").asText().equals("OPTED_OUT")
                || m.get("state").asText().equals("SUPPRESSED") && m.get("outcome").asText().equals("NO_CONSENT")),
                history.toString());
    }

    @Test
    void aTemplatedSmsGoesThroughTheGatewayWithItsSegmentsCounted() throws Exception {
        MemberView bo = messages.enroll("Bo", null, "+4915112345678", false, true, "en");
        var template = messages.call("PUT", "/scheduler/v1/templates/points-sms", Map.of("channel", "SMS",
                "fallbackLanguage", "en", "variants", Map.of("en", Map.of("textBody",
                        "Hi {{givenName}}, you have {{pointsText}}."))));
        assertEquals(201, template.status(), template.body());
        var sent = messages.call("POST", "/scheduler/v1/messages", Map.of("requestId", "sms-" + UUID.randomUUID(),
                "memberId", bo.id().toString(), "template", "points-sms"));
        assertEquals(202, sent.status(), sent.body());
        var received = Await.value(() -> messages.gateway.requests().stream()
                .filter(r -> "+4915112345678".equals(r.json().path("to").asText())).findFirst().orElse(null),
                Duration.ofSeconds(20), "Bo's SMS at the gateway");
        assertEquals("Hi Bo, you have 0 points.", received.json().get("text").asText());
        JsonNode message = Await.value(() -> {
            JsonNode m = messages.call("GET", "/scheduler/v1/messages/" + sent.json().get("id").asLong(), null).json();
            return m.get("state").asText().equals("SENT") ? m : null;
        }, Duration.ofSeconds(10), "the SMS marked SENT");
        assertEquals(1, message.get("segments").asInt());
        assertNotNull(message.get("providerId"));
    }

    private static String to(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
