package io.punchcard.bench.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The SMTP ceiling: Angus Mail and nothing else, over {@code connections} connections kept open. Each send builds
 * the MIME message the scheduler's sender builds (a text and an HTML part, the one-click unsubscribe headers, our
 * own Message-ID) from an already rendered subject and bodies, and waits for the server's 250, as the scheduler's
 * sender does; what it leaves out is everything around the send: the queue, the member lookup, the rules, the
 * rendering and the bookkeeping.
 */
public final class PlainSmtp implements AutoCloseable {

    private final Session session;
    private final BlockingQueue<Transport> idle;
    private final List<Transport> all = new ArrayList<>();
    private final InternetAddress from;

    public PlainSmtp(int port, int connections) throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", Integer.toString(port));
        props.setProperty("mail.smtp.localhost", "bench.example");
        props.setProperty("mail.smtp.quitwait", "false");
        props.setProperty("mail.smtp.timeout", "10000");
        session = Session.getInstance(props);
        from = new InternetAddress("loyalty@bench.example");
        idle = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            Transport transport = session.getTransport("smtp");
            transport.connect();
            all.add(transport);
            idle.add(transport);
        }
    }

    /** Sends one message to {@code to} over a free connection and returns when the server has taken it. */
    public void send(String messageId, String to, String subject, String text, String html, String unsubscribe)
            throws MessagingException, InterruptedException {
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mime.setFrom(from);
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        mime.setSentDate(new Date());
        mime.setSubject(subject, StandardCharsets.UTF_8.name());
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative", textPart, htmlPart);
        mime.setContent(alternative);
        mime.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
        mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        mime.saveChanges();
        Transport transport = idle.take();
        try {
            transport.sendMessage(mime, new Address[] {new InternetAddress(to)});
        } finally {
            idle.put(transport);
        }
    }

    @Override
    public void close() {
        for (Transport transport : all) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // Closing after the measurement: a connection that will not say goodbye costs nothing.
            }
        }
    }
}
