package io.punchcard.campaign.email;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.MessageSender;
import io.punchcard.campaign.message.OutgoingMessage;
import io.punchcard.campaign.message.SendOutcome;

/**
 * Sends e-mail through one SMTP server with Angus Mail, over at most {@link SmtpSettings#connections()} connections
 * that stay open between sends. Every failure becomes a {@link SendOutcome}; thread-safe.
 */
public final class SmtpSender implements MessageSender, AutoCloseable {

    /** A server's words can run to many lines; a reason is for a log line and a column. */
    private static final int MAX_REASON_CHARS = 1_000;
    /**
     * Our references become the left-hand side of a Message-ID, which RFC 5322 writes as a dot-atom; anything else
     * would make a header that a receiver rewrites or refuses.
     */
    private static final Pattern DOT_ATOM = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final int MAX_REFERENCE_CHARS = 200;
    /**
     * A connection idle longer than this is asked whether it is still open before a message goes over it; servers
     * drop idle connections after minutes (Postfix: 300 s), so one used within the second almost never has gone.
     */
    private static final long NOOP_AFTER_IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private final SmtpSettings settings;
    private final Clock clock;
    private final Session session;
    /** One permit per connection: a send waits for a free one rather than opening more than the server allows. */
    private final Semaphore permits;
    /** Connected transports not in use; the most recently used is taken first, so the rest may time out unused. */
    private final BlockingDeque<TrackingTransport> idle;
    private volatile boolean closed;

    /**
     * Opens no connection yet: the first send does, so a server that is down at start-up costs Temporary outcomes,
     * not a failed start.
     *
     * @param clock gives each message's Date header
     */
    public SmtpSender(SmtpSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.session = Session.getInstance(properties(settings));
        this.permits = new Semaphore(settings.connections(), true);
        this.idle = new LinkedBlockingDeque<>(settings.connections());
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    /**
     * A connection, then at worst a timeout per exchange of a send on it: the NOOP that checks a pooled connection
     * (or the greeting, EHLO, STARTTLS and AUTH of a new one, counted as three), MAIL, RCPT, DATA, the data and the
     * reply to its end.
     */
    @Override
    public java.time.Duration longestSend() {
        return java.time.Duration.ofMillis(settings.connectTimeoutMillis() + 8L * settings.timeoutMillis());
    }

    @Override
    public SendOutcome send(OutgoingMessage message) {
        if (message.channel() != Channel.EMAIL) {
            throw new IllegalArgumentException("an SMTP sender sends e-mail, not " + message.channel());
        }
        MimeMessage mime;
        InternetAddress recipient;
        try {
            recipient = recipient(message.to());
            mime = build(message);
        } catch (MessagingException | IllegalArgumentException e) {
            // The message itself cannot be written (an address that does not parse, a reference that cannot be a
            // Message-ID): sending it again would fail again.
            return new SendOutcome.Rejected(reason(e));
        }
        if (closed) {
            return new SendOutcome.Temporary("the SMTP sender is shut down", null);
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.Temporary("interrupted while waiting for an SMTP connection", null);
        }
        try {
            return sendOverPooledConnection(mime, recipient);
        } finally {
            permits.release();
        }
    }

    /** Closes every idle connection; a send under way closes its own when it ends. Later sends answer Temporary. */
    @Override
    public void close() {
        closed = true;
        TrackingTransport transport;
        while ((transport = idle.pollFirst()) != null) {
            closeQuietly(transport);
        }
    }

    private SendOutcome sendOverPooledConnection(MimeMessage mime, InternetAddress recipient) {
        TrackingTransport transport = idle.pollFirst();
        boolean reused = transport != null;
        // isConnected() asks the server (NOOP) and closes the connection when there is no good answer: a server drops
        // idle connections after a few minutes, and a send must not fail for that. A connection in steady use is not
        // asked: the question costs a round trip per message, as much as the message's own MAIL or RCPT.
        if (transport != null && transport.idleNanos() > NOOP_AFTER_IDLE_NANOS && !transport.isConnected()) {
            transport = null;
            reused = false;
        }
        if (transport == null) {
            transport = new TrackingTransport(session, settings);
            SendOutcome refused = connect(transport);
            if (refused != null) {
                return refused;
            }
        }
        SendOutcome outcome = transport.deliver(mime, recipient);
        if (reused && outcome instanceof SendOutcome.Temporary && transport.lostBeforeData()) {
            // A kept connection the server had closed since its last use (without the NOOP's question): no reply
            // refused the message and its data never started, so the server cannot have it, and one try over a
            // fresh connection sends it once.
            closeQuietly(transport);
            transport = new TrackingTransport(session, settings);
            SendOutcome refused = connect(transport);
            if (refused != null) {
                return refused;
            }
            outcome = transport.deliver(mime, recipient);
        }
        // After a 4xx/5xx reply Angus sent RSET and the connection serves the next message; after a broken
        // connection it must never be handed to another send.
        boolean reusable = transport.answeredInFull();
        if (reusable && !closed && idle.offerFirst(transport)) {
            // close() may have drained the deque between the check and the offer.
            if (closed && idle.remove(transport)) {
                closeQuietly(transport);
            }
        } else {
            closeQuietly(transport);
        }
        return outcome;
    }

    /** Opens {@code transport}; returns null when it is connected, or the outcome of a send that found no server. */
    private SendOutcome connect(TrackingTransport transport) {
        try {
            transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            return null;
        } catch (MessagingException e) {
            // Connection refused, connect timeout, a TLS handshake that fails, STARTTLS not offered, AUTH
            // refused, a 4xx/5xx greeting: the server or our settings, never this message, and nothing was
            // sent. A later try may work once the server or the settings are fixed.
            closeQuietly(transport);
            return new SendOutcome.Temporary("no SMTP session with " + settings.host() + ":" + settings.port()
                    + ": " + reason(e), null);
        }
    }

    private MimeMessage build(OutgoingMessage message) throws MessagingException {
        String reference = message.reference();
        if (reference.length() > MAX_REFERENCE_CHARS || !DOT_ATOM.matcher(reference).matches()) {
            throw new IllegalArgumentException("reference '" + clip(reference)
                    + "' cannot be the left-hand side of a Message-ID (letters, digits and !#$%&'*+/=?^_`{|}~-.)");
        }
        MimeMessage mime = new OwnIdMessage(session, "<" + reference + "@" + settings.messageIdDomain() + ">");
        mime.setFrom(settings.fromAddress());
        mime.setRecipient(Message.RecipientType.TO, recipient(message.to()));
        mime.setSentDate(Date.from(clock.instant()));
        // A subject is rendered from a template with the member's own name in it: a line break there would start
        // a header of the member's choosing.
        mime.setSubject(message.subject().replaceAll("[\\r\\n\\u0000-\\u001f]+", " "), StandardCharsets.UTF_8.name());

        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.textBody(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.htmlBody(), StandardCharsets.UTF_8.name(), "html");
        // RFC 2046: the parts go from plainest to richest, and a reader shows the last one it can.
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        mime.setContent(alternative);

        URI unsubscribe = message.unsubscribeUrl();
        if (unsubscribe != null) {
            // RFC 8058: with both headers a mail client unsubscribes with one POST to the link, without a page
            // the member must read; Gmail and Yahoo require it of bulk senders.
            mime.setHeader("List-Unsubscribe", "<" + unsubscribe.toASCIIString() + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mime.saveChanges();
        return mime;
    }

    private static InternetAddress recipient(String to) throws AddressException {
        InternetAddress address = new InternetAddress(to.strip(), true);
        if (address.isGroup() || address.getAddress().indexOf('@') < 1) {
            throw new AddressException("'" + clip(to) + "' is not one address with a domain");
        }
        return address;
    }

    private static Properties properties(SmtpSettings settings) {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", settings.host());
        props.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        props.setProperty("mail.smtp.connectiontimeout", Integer.toString(settings.connectTimeoutMillis()));
        props.setProperty("mail.smtp.timeout", Integer.toString(settings.timeoutMillis()));
        props.setProperty("mail.smtp.writetimeout", Integer.toString(settings.timeoutMillis()));
        props.setProperty("mail.smtp.auth", Boolean.toString(settings.username() != null));
        props.setProperty("mail.smtp.from", settings.fromAddress().getAddress());
        // Angus otherwise asks the machine for its name, which in a container is a DNS lookup that can hang or
        // answer "localhost"; the domain we write Message-IDs for is ours.
        props.setProperty("mail.smtp.localhost", settings.messageIdDomain());
        // The reply to QUIT changes nothing, and waiting for it slows shutdown when a server has gone.
        props.setProperty("mail.smtp.quitwait", "false");
        switch (settings.security()) {
            case NONE -> {
            }
            case STARTTLS -> {
                props.setProperty("mail.smtp.starttls.enable", "true");
                // Without "required" Angus silently carries on in plain text when the server offers no STARTTLS.
                props.setProperty("mail.smtp.starttls.required", "true");
            }
            case TLS -> props.setProperty("mail.smtp.ssl.enable", "true");
        }
        if (settings.trustedHosts().isEmpty()) {
            props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        } else {
            props.setProperty("mail.smtp.ssl.trust", String.join(" ", settings.trustedHosts()));
            // A trusted host's certificate is accepted whatever it says, so checking the name in it proves nothing
            // (and a local relay's self-signed certificate rarely names the host it is reached by).
            props.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        }
        return props;
    }

    private static void closeQuietly(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // The connection is being dropped anyway; nothing waits for its QUIT.
        }
    }

    /** The exception's messages, outermost first, without repeats: Angus wraps the socket's own words. */
    static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder();
        for (Throwable cause = failure; cause != null && reason.length() < MAX_REASON_CHARS; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
            if (reason.indexOf(message) < 0) {
                reason.append(reason.isEmpty() ? "" : ": ").append(message);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return clip(reason.toString());
    }

    private static String clip(String text) {
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
    }

    /** Keeps the Message-ID we give: MimeMessage.saveChanges would otherwise write one of its own. */
    private static final class OwnIdMessage extends MimeMessage {
        private final String messageId;

        OwnIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /**
     * An SMTP connection that remembers, for the send under way, whether the message's data had begun to go and
     * the first reply that was not a success. Angus's exceptions carry the reply code too, but when a server hangs
     * up after a 4xx/5xx the RSET Angus sends next fails, and its exception replaces the one with the code.
     * Used by one send at a time (the pool hands it out), and its fields are guarded by its own monitor, which
     * Angus holds throughout sendMessage.
     */
    private static final class TrackingTransport extends SMTPTransport {
        private boolean sending;
        private boolean dataStarted;
        private int failedCode;
        private String failedReply;
        private boolean broken;
        private long lastUsedNanos = System.nanoTime();

        TrackingTransport(Session session, SmtpSettings settings) {
            // Always the "smtp" property names; implicit TLS is the flag, set by mail.smtp.ssl.enable as well.
            super(session, new URLName("smtp", settings.host(), settings.port(), null, null, null), "smtp",
                    settings.security() == SmtpSettings.Security.TLS);
        }

        /** Whether the last send ended with a reply from the server, success or refusal, not a broken connection. */
        synchronized boolean answeredInFull() {
            return failedReply == null ? !broken : failedCode >= 400;
        }

        /** How long since this connection's last send ended (or since it was made). */
        synchronized long idleNanos() {
            return System.nanoTime() - lastUsedNanos;
        }

        /**
         * Whether the last send failed because the connection broke (no reply, or none at all) before the message's
         * data started: the server cannot have taken it.
         */
        synchronized boolean lostBeforeData() {
            return !dataStarted && !answeredInFull();
        }

        synchronized SendOutcome deliver(MimeMessage mime, InternetAddress recipient) {
            sending = true;
            dataStarted = false;
            failedCode = 0;
            failedReply = null;
            broken = false;
            try {
                sendMessage(mime, new Address[] {recipient});
                // Angus returns from sendMessage only after the server's 250 to the end of the data (finishData
                // expects exactly 250; BDAT, which would skip that check, is off because mail.smtp.chunksize is
                // unset), so this is the server taking responsibility for the message.
                return new SendOutcome.Accepted(clip(getLastServerResponse().strip()));
            } catch (MessagingException e) {
                broken = failedReply == null;
                return classify(e);
            } finally {
                sending = false;
                lastUsedNanos = System.nanoTime();
            }
        }

        private SendOutcome classify(MessagingException e) {
            if (failedCode >= 400 && failedCode <= 499) {
                // RFC 5321 4xx (to MAIL, RCPT, DATA or the end of the data): a transient refusal such as greylisting,
                // a full mailbox or a rate limit. The message was not taken; trying later is what the server asks.
                return new SendOutcome.Temporary(clip(failedReply.strip()), null);
            }
            if (failedCode >= 500 && failedCode <= 599) {
                // 5xx: the server refuses this message or recipient for good (no such user, policy, content);
                // sending it again would be refused again.
                return new SendOutcome.Rejected(clip(failedReply.strip()));
            }
            if (dataStarted) {
                // The server said 354 and the message's data went out, but no reply to its end came (the connection
                // broke, or the timeout passed): the server may have taken it or not. Angus reports this as
                // "IOException while sending message", "Exception reading response" (IOException or
                // SocketTimeoutException inside) or an SMTPSendFailedException for "." with code -1 at EOF.
                return new SendOutcome.Unknown("no reply to the end of the message's data, which may have been delivered: "
                        + reason(e));
            }
            // No reply refused anything and the data never started: the connection broke or timed out during
            // MAIL or RCPT, so the server cannot have taken the message.
            return new SendOutcome.Temporary("the connection failed before the message's data went: " + reason(e), null);
        }

        @Override
        protected OutputStream data() throws MessagingException {
            OutputStream out = super.data();
            // super.data() returns only after the server's 354: from here on, bytes of the message are going out.
            dataStarted = true;
            return out;
        }

        @Override
        protected int readServerResponse() throws MessagingException {
            int code;
            try {
                code = super.readServerResponse();
            } catch (MessagingException e) {
                noteFailure(-1, "no reply: " + reason(e));
                throw e;
            }
            // Angus answers -1 at end of stream and for a reply without a code; SMTP has no 1xx replies.
            if (code < 200 || code >= 400) {
                noteFailure(code, getLastServerResponse());
            }
            return code;
        }

        /** Only the first failure counts: what follows is the RSET Angus sends to clean up after it. */
        private void noteFailure(int code, String reply) {
            if (sending && failedReply == null) {
                failedCode = code;
                failedReply = reply == null ? "" : reply;
            }
        }
    }
}
