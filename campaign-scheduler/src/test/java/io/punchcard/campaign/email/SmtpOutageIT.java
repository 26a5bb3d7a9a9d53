package io.punchcard.campaign.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.email.ScriptedSmtpPeer.Script;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The SMTP server as it fails in a shop's life: down for a while (the messages wait, the tries are not spent) and
 * refusing an address for good (tried once, never again). Every server here takes its turn on one loopback port,
 * the port the scheduler is configured with, as a restarted mail server would.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmtpOutageIT {

    /** Without the circuit breaker, back-off from 200 ms to 1 s spends 8 tries in about 6 s of outage. */
    private static final int ATTEMPTS = 8;
    private static final long OUTAGE_MILLIS = 7_000;

    private static MessagesUnderTest messages;
    private static int port;

    @BeforeAll
    static void start(TestPostgres postgres) throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        messages = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of(
                "email.smtp.port", Integer.toString(port),
                "welcome.enabled", "false",
                "retry.attempts", Integer.toString(ATTEMPTS)));
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    @Order(1)
    void anAddressTheServerRefusesForGoodIsRejectedAfterOneTryAndNeverTriedAgain() throws Exception {
        MemberView gone = messages.enroll("Gus", "gone@example.com", null, true, false, "en");
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(port,
                Script.ACCEPT.withRcpt("550 5.1.1 <gone@example.com>: no such user"))) {
            long id = oneOff(gone);

            JsonNode rejected = messages.messageIn(id, "REJECTED", 20);
            assertTrue(rejected.path("outcomeDetail").asText().contains("550"), rejected.toString());
            // Several back-off steps (200 ms, 400 ms, ...) pass: a retry would reach the peer meanwhile.
            Thread.sleep(2_000);
            assertEquals(1, peer.recipients(), "the peer was asked for the address once");
            assertEquals(List.of(), peer.dataReceived());
            assertEquals("REJECTED", messages.message(id).path("state").asText());
        }
    }

    @Test
    @Order(2)
    void marketingQueuedWhileTheServerIsDownWaitsWithItsTriesLeftAndArrivesOnceItIsBack() throws Exception {
        List<String> addresses = List.of("ana@example.com", "ben@example.com", "cleo@example.com");
        List<Long> ids = new ArrayList<>();
        for (String address : addresses) {
            ids.add(oneOff(messages.enroll(address.substring(0, 3), address, null, true, false, "en")));
        }

        Thread.sleep(OUTAGE_MILLIS);
        for (long id : ids) {
            JsonNode waiting = messages.message(id);
            assertEquals("QUEUED", waiting.path("state").asText(), "still waiting, not given up: " + waiting);
            assertTrue(waiting.path("attempts").asInt() < ATTEMPTS, waiting.toString());
        }

        GreenMail back = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
        back.start();
        try {
            for (long id : ids) {
                messages.messageIn(id, "SENT", 30);
            }
            // Any duplicate would come within the back-off that follows a send.
            Thread.sleep(1_000);
            for (String address : addresses) {
                long received = java.util.Arrays.stream(back.getReceivedMessages()).filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equals(address);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }).count();
                assertEquals(1, received, address + " got the message exactly once");
            }
        } finally {
            back.stop();
        }
    }

    private static long oneOff(MemberView member) {
        MessagesUnderTest.Answer queued = messages.call("POST", "/scheduler/v1/messages", Map.of(
                "requestId", "outage-" + UUID.randomUUID(), "memberId", member.id().toString(), "template", "welcome"));
        assertEquals(202, queued.status(), queued.body());
        return queued.json().get("id").asLong();
    }
}
