package io.punchcard.campaign.sms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.OutgoingMessage;
import io.punchcard.campaign.message.SendOutcome;
import io.punchcard.campaign.sms.FakeSmsGateway.Mode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SmsGatewaySender} against a real HTTP server playing the gateway, in each way a gateway answers. */
class SmsGatewaySenderIT {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String MEMBER = "+4915112345678";

    private final FakeSmsGateway gateway = FakeSmsGateway.start();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
        gateway.close();
    }

    @Test
    void anAcceptedMessageCarriesTheGatewaysIdAndTheGatewayGetsExactlyTheContractsJsonAndCredential() {
        SmsGatewaySender sender = sender(settings(gateway.uri(), 1_000, 3_000));

        SendOutcome outcome = sender.send(sms(MEMBER, "Your voucher BDAY-7Q2 is waiting", "msg-1"));

        assertEquals(new SendOutcome.Accepted("gw-1"), outcome);
        FakeSmsGateway.Received request = gateway.onlyRequest();
        assertEquals("POST", request.method());
        assertEquals(FakeSmsGateway.PATH, request.path());
        assertEquals("{\"from\":\"Punchcard\",\"to\":\"+4915112345678\",\"text\":\"Your voucher BDAY-7Q2 is waiting\","
                + "\"reference\":\"msg-1\"}", request.bodyText());
        assertEquals("Bearer s3cret-token", request.header("authorization"));
        assertTrue(request.header("content-type").startsWith("application/json"), request.header("content-type"));
    }

    @Test
    void theCredentialTravelsInTheConfiguredHeaderAndNoneIsSentWhenNoneIsConfigured() {
        SmsGatewaySettings apiKey = new SmsGatewaySettings(gateway.uri(), "X-Api-Key", "k-123", "+4930123456",
                1_000, 3_000);
        SmsGatewaySettings open = new SmsGatewaySettings(gateway.uri(), null, null, "Punchcard", 1_000, 3_000);

        sender(apiKey).send(sms(MEMBER, "one", "msg-1"));
        sender(open).send(sms(MEMBER, "two", "msg-2"));

        List<FakeSmsGateway.Received> requests = gateway.requests();
        assertEquals("k-123", requests.get(0).header("X-Api-Key"));
        assertNull(requests.get(0).header("Authorization"));
        assertEquals("+4930123456", requests.get(0).json().path("from").asText());
        assertNull(requests.get(1).header("X-Api-Key"));
        assertNull(requests.get(1).header("Authorization"));
    }

    @Test
    void aTextInOtherScriptsArrivesIntact() {
        String text = "Привет, Anna! 你的积分: 1 200 🎁 — مرحبا ü€";
        SmsGatewaySender sender = sender(settings(gateway.uri(), 1_000, 3_000));

        assertInstanceOf(SendOutcome.Accepted.class, sender.send(sms(MEMBER, text, "msg-1")));

        assertEquals(text, gateway.onlyRequest().json().path("text").asText());
    }

    @Test
    void aGatewayThatIsDownIsTemporaryWithoutAPauseWhenItNamesNone() {
        gateway.mode(Mode.unavailable());

        SendOutcome outcome = sender(settings(gateway.uri(), 1_000, 3_000)).send(sms(MEMBER, "hi", "msg-1"));

        SendOutcome.Temporary temporary = assertInstanceOf(SendOutcome.Temporary.class, outcome);
        assertNull(temporary.retryAfter());
        assertTrue(temporary.reason().contains("503"), temporary.reason());
        assertTrue(temporary.reason().contains("down for maintenance"), temporary.reason());
    }

    @Test
    void aGatewayThatIsDownForTwoMinutesIsTemporaryWithThatPause() {
        gateway.mode(Mode.unavailable("120"));

        SendOutcome outcome = sender(settings(gateway.uri(), 1_000, 3_000)).send(sms(MEMBER, "hi", "msg-1"));

        assertEquals(Duration.ofMinutes(2), assertInstanceOf(SendOutcome.Temporary.class, outcome).retryAfter());
    }

    @Test
    void throttlingWithAnHttpDateIsTemporaryUntilThatDate() {
        gateway.mode(Mode.tooManyRequests("Sun, 06 Dec 2026 12:00:45 GMT"));

        SendOutcome outcome = sender(settings(gateway.uri(), 1_000, 3_000)).send(sms(MEMBER, "hi", "msg-1"));

        SendOutcome.Temporary temporary = assertInstanceOf(SendOutcome.Temporary.class, outcome);
        assertEquals(Duration.ofSeconds(45), temporary.retryAfter());
        assertTrue(temporary.reason().contains("429"), temporary.reason());
    }

    @Test
    void throttlingWithSecondsIsTemporaryForThoseSeconds() {
        gateway.mode(Mode.tooManyRequests("7"));

        SendOutcome outcome = sender(settings(gateway.uri(), 1_000, 3_000)).send(sms(MEMBER, "hi", "msg-1"));

        assertEquals(new SendOutcome.Temporary("the gateway answered 429: slow down", Duration.ofSeconds(7)), outcome);
    }

    @Test
    void aRefusalIsRejectedInTheGatewaysOwnWords() {
        gateway.mode(Mode.reject("number is on the carrier's block list"));

        SendOutcome outcome = sender(settings(gateway.uri(), 1_000, 3_000)).send(sms(MEMBER, "hi", "msg-1"));

        assertEquals(new SendOutcome.Rejected("the gateway answered 400: number is on the carrier's block list"), outcome);
    }

    @Test
    void aRefusedCredentialIsOursNotTheMessagesSoTheMessageWaits() {
        gateway.mode(new Mode.Reject(401, "application/json", "{\"error\": \"bad api key\"}"));

        SendOutcome outcome = sender(settings(gateway.uri(), 1_000, 3_000)).send(sms(MEMBER, "hi", "msg-1"));

        assertInstanceOf(SendOutcome.Temporary.class, outcome, outcome.toString());
        assertTrue(((SendOutcome.Temporary) outcome).reason().contains("bad api key"), outcome.toString());
    }

    @Test
    void aLongPlainTextRefusalIsKeptShortAndOnOneLine() {
        gateway.mode(new Mode.Reject(422, "text/html", "<html>\n" + "bad request ".repeat(2_000) + "</html>"));

        SendOutcome outcome = sender(settings(gateway.uri(), 1_000, 3_000)).send(sms(MEMBER, "hi", "msg-1"));

        String reason = assertInstanceOf(SendOutcome.Rejected.class, outcome).reason();
        assertTrue(reason.startsWith("the gateway answered 422: <html> bad request"), reason);
        assertTrue(reason.length() <= "the gateway answered 422: ".length() + SmsGatewaySender.MAX_REASON_CHARS,
                "reason of " + reason.length() + " characters");
        assertTrue(reason.lines().count() == 1, reason);
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsUnknownBecauseTheGatewayHadTheMessage() {
        gateway.mode(Mode.hangUp());

        SendOutcome outcome = sender(settings(gateway.uri(), 1_000, 3_000)).send(sms(MEMBER, "hi", "msg-1"));

        SendOutcome.Unknown unknown = assertInstanceOf(SendOutcome.Unknown.class, outcome);
        assertTrue(unknown.reason().startsWith("the connection to the gateway broke"), unknown.reason());
        assertEquals("msg-1", gateway.onlyRequest().json().path("reference").asText());
    }

    @Test
    void aGatewaySlowerThanTheTimeoutIsUnknownNotTemporaryAndTheSenderDoesNotWaitForIt() {
        gateway.mode(Mode.slow(Duration.ofSeconds(5)));
        SmsGatewaySender sender = sender(settings(gateway.uri(), 200, 700));

        long start = System.nanoTime();
        SendOutcome outcome = sender.send(sms(MEMBER, "hi", "msg-1"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        SendOutcome.Unknown unknown = assertInstanceOf(SendOutcome.Unknown.class, outcome);
        assertTrue(unknown.reason().contains("700 ms") || unknown.reason().contains("in time"), unknown.reason());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "waited " + took);
        // It is unknown precisely because the gateway did get the message.
        assertEquals(1, gateway.requests().size());
    }

    @Test
    void aGatewaySlowButWithinTheTimeoutIsAccepted() {
        gateway.mode(Mode.slow(Duration.ofMillis(300)));

        SendOutcome outcome = sender(settings(gateway.uri(), 500, 3_000)).send(sms(MEMBER, "hi", "msg-1"));

        assertEquals(new SendOutcome.Accepted("gw-1"), outcome);
    }

    @Test
    void aRefusedConnectionIsTemporaryBecauseNothingWasSent() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/messages");
        }

        SendOutcome outcome = sender(settings(closed, 500, 2_000)).send(sms(MEMBER, "hi", "msg-1"));

        SendOutcome.Temporary temporary = assertInstanceOf(SendOutcome.Temporary.class, outcome);
        assertNull(temporary.retryAfter());
        assertTrue(temporary.reason().startsWith("no connection to the gateway"), temporary.reason());
    }

    @Test
    void aConnectionThatIsNeverMadeIsTemporaryAfterTheConnectTimeoutNotUnknown() throws IOException {
        // A listener that never accepts, its queue filled: the kernel drops further connection attempts, so the
        // client's connect hangs until its own timeout, like a gateway behind a firewall that drops packets.
        try (ServerSocket blackHole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = fillAcceptQueue(blackHole);
            closeAfter.addAll(fillers);
            URI unreachable = URI.create("http://127.0.0.1:" + blackHole.getLocalPort() + "/v1/messages");

            long start = System.nanoTime();
            SendOutcome outcome = sender(settings(unreachable, 300, 5_000)).send(sms(MEMBER, "hi", "msg-1"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            SendOutcome.Temporary temporary = assertInstanceOf(SendOutcome.Temporary.class, outcome);
            assertTrue(temporary.reason().startsWith("no connection to the gateway"), temporary.reason());
            assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "took " + took + ": the connect timeout did not fire");
        }
    }

    @Test
    void aNumberThatIsNotE164IsRejectedWithoutAskingTheGateway() {
        SmsGatewaySender sender = sender(settings(gateway.uri(), 1_000, 3_000));

        for (String to : List.of("015112345678", "+49 151 12345678", "+4915", "+0123456789", "+1234567890123456",
                "4915112345678")) {
            SendOutcome outcome = sender.send(sms(to, "hi", "msg-" + to.hashCode()));
            assertInstanceOf(SendOutcome.Rejected.class, outcome, to);
        }

        assertEquals(List.of(), gateway.requests());
    }

    @Test
    void anEmptyTextAndATextTooLongForAnyPhoneAreRejectedWithoutAskingTheGateway() {
        SmsGatewaySender sender = sender(settings(gateway.uri(), 1_000, 3_000));

        assertInstanceOf(SendOutcome.Rejected.class, sender.send(sms(MEMBER, "  ", "msg-1")));
        SendOutcome tooLong = sender.send(sms(MEMBER, "a".repeat(153 * 255 + 1), "msg-2"));
        assertTrue(assertInstanceOf(SendOutcome.Rejected.class, tooLong).reason().contains("256 segments"),
                tooLong.toString());

        assertEquals(List.of(), gateway.requests());
    }

    @Test
    void oneSenderServesSeveralThreadsAtOnce() throws Exception {
        SmsGatewaySender sender = sender(settings(gateway.uri(), 1_000, 5_000));
        gateway.mode(Mode.slow(Duration.ofMillis(100)));

        Set<SendOutcome> outcomes = new HashSet<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SendOutcome>> sends = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String reference = "msg-" + i;
                sends.add(threads.submit(() -> sender.send(sms(MEMBER, "hi", reference))));
            }
            for (Future<SendOutcome> send : sends) {
                outcomes.add(send.get());
            }
        }

        Set<SendOutcome> expected = new HashSet<>();
        for (int i = 1; i <= 20; i++) {
            expected.add(new SendOutcome.Accepted("gw-" + i));
        }
        assertEquals(expected, outcomes);
        assertEquals(20, gateway.requests().stream().map(r -> r.json().path("reference").asText()).distinct().count());
    }

    private SmsGatewaySender sender(SmsGatewaySettings settings) {
        SmsGatewaySender sender = new SmsGatewaySender(settings, CLOCK);
        closeAfter.add(sender);
        return sender;
    }

    private static SmsGatewaySettings settings(URI url, int connectTimeoutMillis, int timeoutMillis) {
        return new SmsGatewaySettings(url, "Authorization", "Bearer s3cret-token", "Punchcard", connectTimeoutMillis,
                timeoutMillis);
    }

    private static OutgoingMessage sms(String to, String text, String reference) {
        return new OutgoingMessage(Channel.SMS, to, null, text, null, reference, null);
    }

    /** Connects to {@code listener} until the kernel stops completing connections, and returns those sockets. */
    private static List<Socket> fillAcceptQueue(ServerSocket listener) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 200);
                sockets.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return sockets;
            }
        }
        throw new IllegalStateException("the kernel kept accepting connections to a listener that never accepts");
    }
}
