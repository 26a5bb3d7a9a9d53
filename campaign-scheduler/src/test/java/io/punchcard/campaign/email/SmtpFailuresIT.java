package io.punchcard.campaign.email;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.punchcard.campaign.email.ScriptedSmtpPeer.Script;
import io.punchcard.campaign.message.SendOutcome;

import static io.punchcard.campaign.email.SmtpSenderIT.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a send becomes when the server refuses, defers, hangs up or goes silent: the outcome decides whether the
 * dispatcher tries again, so each is proven against a server that really does it.
 */
class SmtpFailuresIT {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final int CONNECTIONS = 2;

    @Test
    void a550ToTheRecipientIsRejectedWithTheServersWords() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.ACCEPT.withRcpt("550 5.1.1 <gone@example.org>: no such user"));
             SmtpSender sender = sender(peer.port())) {
            SendOutcome outcome = sender.send(email("gone@example.org", "r-550", null));

            SendOutcome.Rejected rejected = assertInstanceOf(SendOutcome.Rejected.class, outcome);
            assertTrue(rejected.reason().startsWith("550 5.1.1 <gone@example.org>: no such user"), rejected.reason());
            assertEquals(List.of(), peer.dataReceived(), "no data after a refused recipient");
        }
    }

    /** Each stage's refusal, with the server's words as the reason: 4xx may pass, 5xx never will. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(Script.ACCEPT.withMail("553 5.7.1 sender not allowed"), SendOutcome.Rejected.class),
                Arguments.of(Script.ACCEPT.withMail("421 4.3.2 too busy, come back later"), SendOutcome.Temporary.class),
                Arguments.of(Script.ACCEPT.withRcpt("450 4.2.1 mailbox busy"), SendOutcome.Temporary.class),
                Arguments.of(Script.ACCEPT.withRcpt("551 5.1.6 user has moved; try <ana@new.example>"), SendOutcome.Rejected.class),
                Arguments.of(Script.ACCEPT.withDataEnd("554 5.7.1 message refused as spam"), SendOutcome.Rejected.class),
                Arguments.of(Script.ACCEPT.withDataEnd("452 4.3.1 insufficient storage"), SendOutcome.Temporary.class));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aRefusalAtAnyStageBecomesItsOutcome(Script script, Class<? extends SendOutcome> expected) throws Exception {
        String words = Stream.of(script.mail(), script.rcpt(), script.dataEnd())
                .filter(reply -> !reply.startsWith("250")).findFirst().orElseThrow();
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(script);
             SmtpSender sender = sender(peer.port())) {
            SendOutcome outcome = sender.send(email("ana@example.org", "r-refused", null));

            assertInstanceOf(expected, outcome);
            String reason = switch (outcome) {
                case SendOutcome.Rejected rejected -> rejected.reason();
                case SendOutcome.Temporary temporary -> temporary.reason();
                case SendOutcome.Accepted accepted -> accepted.providerId();
                case SendOutcome.Unknown unknown -> unknown.reason();
            };
            assertTrue(reason.startsWith(words), reason);
        }
    }

    @Test
    void a451ToTheEndOfTheDataIsTemporaryAndTheConnectionServesTheNextMessage() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.ACCEPT.withDataEnd("451 4.7.1 greylisted, try again later"));
             SmtpSender sender = sender(peer.port())) {
            SendOutcome outcome = sender.send(email("ana@example.org", "r-451", null));

            SendOutcome.Temporary temporary = assertInstanceOf(SendOutcome.Temporary.class, outcome);
            assertTrue(temporary.reason().startsWith("451 4.7.1 greylisted"), temporary.reason());
            assertNull(temporary.retryAfter());

            // The server answered, so the connection is sound: the next message goes over it.
            assertInstanceOf(SendOutcome.Accepted.class, sender.send(email("ana@example.org", "r-451-next", null)));
            assertEquals(1, peer.connections());
        }
    }

    @Test
    void aHangUpAfterTheDataWithoutAReplyIsUnknown() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.ACCEPT.withDataEnd(ScriptedSmtpPeer.HANG_UP));
             SmtpSender sender = sender(peer.port())) {
            SendOutcome outcome = sender.send(email("ana@example.org", "r-hangup", null));

            SendOutcome.Unknown unknown = assertInstanceOf(SendOutcome.Unknown.class, outcome);
            assertTrue(unknown.reason().contains("EOF"), unknown.reason());
            // The whole message reached the server: it may well deliver it, which is why this is not Temporary.
            assertEquals(1, peer.dataReceived().size());
            assertTrue(peer.dataReceived().getFirst().contains("Message-ID: <r-hangup@mail.example.com>"));

            // A broken connection is never handed to the next send.
            assertInstanceOf(SendOutcome.Accepted.class, sender.send(email("ana@example.org", "r-hangup-next", null)));
            assertEquals(2, peer.connections());
        }
    }

    @Test
    void silenceAfterTheDataUntilTheTimeoutIsUnknown() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.ACCEPT.withDataEnd(ScriptedSmtpPeer.SILENCE));
             SmtpSender sender = sender(peer.port())) {
            long start = System.nanoTime();
            SendOutcome outcome = sender.send(email("ana@example.org", "r-silence", null));
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;

            SendOutcome.Unknown unknown = assertInstanceOf(SendOutcome.Unknown.class, outcome);
            assertTrue(unknown.reason().toLowerCase().contains("timed out"), unknown.reason());
            assertTrue(waitedMillis >= 900 && waitedMillis < 10_000, "waited " + waitedMillis + " ms for a 1 s timeout");
            assertEquals(1, peer.dataReceived().size());
        }
    }

    @Test
    void nothingListeningIsTemporary() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (SmtpSender sender = sender(port)) {
            SendOutcome.Temporary temporary = assertInstanceOf(SendOutcome.Temporary.class,
                    sender.send(email("ana@example.org", "r-refused", null)));
            assertTrue(temporary.reason().contains("127.0.0.1:" + port), temporary.reason());
        }
    }

    @Test
    void afterAConnectionDiesBeforeTheDataTheNextSendGoesOverAFreshOne() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.ACCEPT.withMail(ScriptedSmtpPeer.HANG_UP));
             SmtpSender sender = sender(peer.port())) {
            // The server hung up before any data went: it cannot have the message, so it is worth another try.
            assertInstanceOf(SendOutcome.Temporary.class, sender.send(email("ana@example.org", "r-dead", null)));

            assertInstanceOf(SendOutcome.Accepted.class, sender.send(email("ana@example.org", "r-after-dead", null)));
            assertEquals(2, peer.connections());
            assertEquals(1, peer.dataReceived().size());
            assertTrue(peer.dataReceived().getFirst().contains("<r-after-dead@mail.example.com>"));
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedWithoutFailingASend() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.ACCEPT.hangingUpAfterAll());
             SmtpSender sender = sender(peer.port())) {
            assertInstanceOf(SendOutcome.Accepted.class, sender.send(email("ana@example.org", "r-first", null)));

            assertInstanceOf(SendOutcome.Accepted.class, sender.send(email("ana@example.org", "r-second", null)));
            assertEquals(2, peer.connections());
            assertEquals(2, peer.dataReceived().size());
        }
    }

    @Test
    void startTlsUpgradesTheConnectionBeforeAnythingIsSent() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.ACCEPT.offeringStartTls(), Script.ACCEPT.offeringStartTls());
             SmtpSender trusting = sender(peer.port(), SmtpSettings.Security.STARTTLS, List.of("127.0.0.1"));
             SmtpSender strict = sender(peer.port(), SmtpSettings.Security.STARTTLS, List.of())) {
            assertInstanceOf(SendOutcome.Accepted.class, trusting.send(email("ana@example.org", "r-starttls", null)));
            assertEquals(1, peer.messagesOverTls());

            // The peer's certificate is self-signed: without trusting the host the handshake fails and nothing goes.
            assertInstanceOf(SendOutcome.Temporary.class, strict.send(email("ana@example.org", "r-untrusted", null)));
            assertEquals(1, peer.dataReceived().size());
        }
    }

    @Test
    void eightThreadsShareNoMoreConnectionsThanConfigured() throws Exception {
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer();
             SmtpSender sender = sender(peer.port());
             ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<SendOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String reference = "r-many-" + i;
                outcomes.add(threads.submit(() -> sender.send(email("ana@example.org", reference, null))));
            }
            for (Future<SendOutcome> outcome : outcomes) {
                assertInstanceOf(SendOutcome.Accepted.class, outcome.get());
            }
            assertEquals(80, peer.dataReceived().size());
            assertTrue(peer.connections() <= CONNECTIONS, peer.connections() + " connections for " + CONNECTIONS);
        }
    }

    private static SmtpSender sender(int port) {
        return sender(port, SmtpSettings.Security.NONE, List.of());
    }

    private static SmtpSender sender(int port, SmtpSettings.Security security, List<String> trustedHosts) {
        SmtpSettings settings = new SmtpSettings("127.0.0.1", port, security, null, null,
                "Punchcard <loyalty@example.com>", "mail.example.com", 1_000, 1_000, trustedHosts, CONNECTIONS);
        return new SmtpSender(settings, CLOCK);
    }
}
