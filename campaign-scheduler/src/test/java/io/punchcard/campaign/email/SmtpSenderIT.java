package io.punchcard.campaign.email;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.OutgoingMessage;
import io.punchcard.campaign.message.SendOutcome;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** E-mail sent through a real SMTP server (GreenMail) arrives as a member's mail program reads it. */
class SmtpSenderIT {

    /** Dynamic ports: other worktrees run GreenMail on the same machine at the same time. */
    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(
            ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay@example.com", "relay", "s3cret"))
            .withPerMethodLifecycle(true);

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:15:30Z"), ZoneOffset.UTC);
    private static final String SUBJECT = "你好 Ana, 500 points 🎉";
    private static final String TEXT = "Gràcies! 感谢您的光临 🛍️ — plain";
    private static final String HTML = "<p>Gràcies! <b>感谢您的光临</b> 🛍️ — html</p>";

    @Test
    void aMessageArrivesWithBothPartsInUtf8AndOurMessageId() throws Exception {
        try (SmtpSender sender = new SmtpSender(settings(SmtpSettings.Security.NONE, smtpPort(), null, null, List.of()), CLOCK)) {
            SendOutcome outcome = sender.send(email("ana@example.org", "msg-0001", null));

            SendOutcome.Accepted accepted = assertInstanceOf(SendOutcome.Accepted.class, outcome);
            assertTrue(accepted.providerId().startsWith("250"), accepted.providerId());
        }
        MimeMessage received = onlyMessage();
        assertEquals(SUBJECT, received.getSubject());
        assertArrayEquals(new String[] {"<msg-0001@mail.example.com>"}, received.getHeader("Message-ID"));
        assertEquals("Punchcard <loyalty@example.com>", received.getFrom()[0].toString());
        assertEquals("ana@example.org", received.getAllRecipients()[0].toString());
        assertEquals(Instant.parse("2026-12-06T10:15:30Z"), received.getSentDate().toInstant());
        assertTrue(received.getContentType().startsWith("multipart/alternative"), received.getContentType());
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertEquals(2, parts.getCount());
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertTrue(text.isMimeType("text/plain") && text.getContentType().toLowerCase().contains("utf-8"), text.getContentType());
        assertTrue(html.isMimeType("text/html") && html.getContentType().toLowerCase().contains("utf-8"), html.getContentType());
        assertEquals(TEXT, text.getContent());
        assertEquals(HTML, html.getContent());
        assertNull(received.getHeader("List-Unsubscribe"), "a message without an unsubscribe link has no List-Unsubscribe");
        assertNull(received.getHeader("List-Unsubscribe-Post"));
    }

    @Test
    void aMarketingMessageCarriesOneClickUnsubscribeHeaders() throws Exception {
        try (SmtpSender sender = new SmtpSender(settings(SmtpSettings.Security.NONE, smtpPort(), null, null, List.of()), CLOCK)) {
            assertInstanceOf(SendOutcome.Accepted.class, sender.send(email("ana@example.org", "msg-0002",
                    URI.create("https://shop.example.com/unsubscribe?m=42&s=abc"))));
        }
        MimeMessage received = onlyMessage();
        assertArrayEquals(new String[] {"<https://shop.example.com/unsubscribe?m=42&s=abc>"}, received.getHeader("List-Unsubscribe"));
        assertArrayEquals(new String[] {"List-Unsubscribe=One-Click"}, received.getHeader("List-Unsubscribe-Post"));
    }

    @Test
    void smtpAuthIsUsedWhenAUsernameIsSet() throws Exception {
        try (SmtpSender right = new SmtpSender(settings(SmtpSettings.Security.NONE, smtpPort(), "relay", "s3cret", List.of()), CLOCK);
             SmtpSender wrong = new SmtpSender(settings(SmtpSettings.Security.NONE, smtpPort(), "relay", "guess", List.of()), CLOCK)) {
            assertInstanceOf(SendOutcome.Accepted.class, right.send(email("ana@example.org", "auth-ok", null)));

            // A refused password is our configuration, not the message: nothing was sent, a later try may work.
            SendOutcome refused = wrong.send(email("ana@example.org", "auth-refused", null));
            SendOutcome.Temporary temporary = assertInstanceOf(SendOutcome.Temporary.class, refused);
            assertTrue(temporary.reason().contains("535"), temporary.reason());
        }
        assertEquals("<auth-ok@mail.example.com>", onlyMessage().getMessageID());
    }

    @Test
    void implicitTlsWorksWithATrustedSelfSignedCertificateAndOnlyThen() throws Exception {
        int port = GREEN_MAIL.getSmtps().getPort();
        try (SmtpSender trusting = new SmtpSender(settings(SmtpSettings.Security.TLS, port, null, null, List.of("127.0.0.1")), CLOCK);
             SmtpSender strict = new SmtpSender(settings(SmtpSettings.Security.TLS, port, null, null, List.of()), CLOCK)) {
            assertInstanceOf(SendOutcome.Accepted.class, trusting.send(email("ana@example.org", "over-tls", null)));

            // GreenMail's certificate is self-signed: the JDK's trust store refuses it, and nothing is sent.
            SendOutcome refused = strict.send(email("ana@example.org", "untrusted", null));
            assertInstanceOf(SendOutcome.Temporary.class, refused);
        }
        assertEquals("<over-tls@mail.example.com>", onlyMessage().getMessageID());
    }

    @Test
    void requiredStartTlsSendsNothingToAServerThatDoesNotOfferIt() {
        // GreenMail 2.1.3 has no STARTTLS command (greenmail issue 135): the upgrade itself is proven against the
        // scripted peer (SmtpFailuresIT); here, that a required upgrade is never skipped for plain text.
        try (SmtpSender sender = new SmtpSender(settings(SmtpSettings.Security.STARTTLS, smtpPort(), null, null, List.of()), CLOCK)) {
            SendOutcome outcome = sender.send(email("ana@example.org", "plain-text-leak", null));
            SendOutcome.Temporary temporary = assertInstanceOf(SendOutcome.Temporary.class, outcome);
            assertTrue(temporary.reason().contains("STARTTLS"), temporary.reason());
        }
        assertEquals(0, GREEN_MAIL.getReceivedMessages().length);
    }

    @Test
    void anAddressThatDoesNotParseIsRejectedWithoutAConnection() {
        try (SmtpSender sender = new SmtpSender(settings(SmtpSettings.Security.NONE, smtpPort(), null, null, List.of()), CLOCK)) {
            assertInstanceOf(SendOutcome.Rejected.class, sender.send(email("ana@@example.org", "bad-address", null)));
            assertInstanceOf(SendOutcome.Rejected.class, sender.send(email("ana", "no-domain", null)));
            assertInstanceOf(SendOutcome.Rejected.class, sender.send(email("ana@example.org", "not a <dot-atom>", null)));
        }
        assertEquals(0, GREEN_MAIL.getReceivedMessages().length);
    }

    @Test
    void fiveHundredMessagesFromEightThreadsArriveExactlyOnce() throws Exception {
        int count = 500;
        List<Future<SendOutcome>> outcomes = new ArrayList<>();
        try (SmtpSender sender = new SmtpSender(settings(SmtpSettings.Security.NONE, smtpPort(), null, null, List.of()), CLOCK);
             ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < count; i++) {
                String reference = "bulk-" + i;
                outcomes.add(threads.submit(() -> sender.send(email("member" + reference + "@example.org", reference, null))));
            }
            for (Future<SendOutcome> outcome : outcomes) {
                assertInstanceOf(SendOutcome.Accepted.class, outcome.get());
            }
        }
        assertTrue(GREEN_MAIL.waitForIncomingEmail(10_000, count));
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertEquals(count, received.length);
        Set<String> ids = new HashSet<>();
        for (MimeMessage message : received) {
            String id = message.getMessageID();
            assertTrue(ids.add(id), "received twice: " + id);
            // Each went to its own member: a message never carries another's Message-ID or recipient.
            String reference = id.substring(1, id.indexOf('@'));
            assertEquals("member" + reference + "@example.org", message.getAllRecipients()[0].toString());
        }
        for (int i = 0; i < count; i++) {
            assertTrue(ids.contains("<bulk-" + i + "@mail.example.com>"), "missing bulk-" + i);
        }
    }

    private static int smtpPort() {
        return GREEN_MAIL.getSmtp().getPort();
    }

    private static MimeMessage onlyMessage() {
        assertTrue(GREEN_MAIL.waitForIncomingEmail(5_000, 1));
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertEquals(1, received.length);
        return received[0];
    }

    static SmtpSettings settings(SmtpSettings.Security security, int port, String username, String password,
                                 List<String> trustedHosts) {
        return new SmtpSettings("127.0.0.1", port, security, username, password, "Punchcard <loyalty@example.com>",
                "mail.example.com", 2_000, 5_000, trustedHosts, 4);
    }

    static OutgoingMessage email(String to, String reference, URI unsubscribe) {
        return new OutgoingMessage(Channel.EMAIL, to, SUBJECT, TEXT, HTML, reference, unsubscribe);
    }
}
