package io.punchcard.bench.mail;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server on loopback that takes every message and keeps nothing but a count and each Message-ID's copies:
 * what the bench's mail is delivered to, fast enough that the sender, not the sink, is what is measured (a
 * connection is a virtual thread reading through a 64 KiB buffer). It speaks what Angus Mail sends without authentication or TLS: EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT.
 */
public final class SmtpSink implements AutoCloseable {

    /** RFC 5321 allows 1,000 octets a line; a little more, so a sloppy client is counted rather than cut off. */
    private static final int MAX_LINE_BYTES = 4_096;
    /** A bench message is a few KiB; a bound so a runaway client cannot fill the heap. */
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final int MAX_CONNECTIONS = 256;
    private static final byte[] MESSAGE_ID = "message-id:".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Map<String, Integer> copies = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean open = true;

    public SmtpSink() throws IOException {
        server = new ServerSocket(0, MAX_CONNECTIONS, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().name("smtp-sink").daemon().start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Messages taken (answered 250 to their end of data) since the start or the last {@link #reset}. */
    public long received() {
        return received.get();
    }

    /** Different Message-IDs among them. */
    public int distinctIds() {
        return copies.size();
    }

    /** Message-IDs taken more than once. */
    public long repeatedIds() {
        return copies.values().stream().filter(n -> n > 1).count();
    }

    /** Messages that came without a Message-ID. */
    public int withoutId() {
        return copies.getOrDefault("", 0);
    }

    /** Forgets what was taken, before the next sender is measured. */
    public void reset() {
        received.set(0);
        copies.clear();
    }

    private void accept() {
        while (open) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().name("smtp-sink-connection").start(() -> serve(socket));
            } catch (IOException e) {
                if (open) {
                    System.getLogger(SmtpSink.class.getName()).log(System.Logger.Level.WARNING,
                            "SMTP sink: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
             OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 12)) {
            socket.setTcpNoDelay(true);
            reply(out, "220 127.0.0.1 bench SMTP sink\r\n");
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            while (readLine(in, line)) {
                String command = line.toString(StandardCharsets.US_ASCII);
                String verb = (command.length() >= 4 ? command.substring(0, 4) : command).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-127.0.0.1\r\n250-8BITMIME\r\n250 SIZE " + MAX_MESSAGE_BYTES + "\r\n");
                    case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK\r\n");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>\r\n");
                        String id = readData(in, line);
                        if (id == null) {
                            return;
                        }
                        copies.merge(id, 1, Integer::sum);
                        reply(out, "250 OK queued as " + received.incrementAndGet() + "\r\n");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye\r\n");
                        return;
                    }
                    default -> reply(out, "500 not understood\r\n");
                }
            }
        } catch (IOException e) {
            // The client went away: nothing of it is kept but what was answered 250.
        }
    }

    /** Reads a message's data to its lone dot; returns its Message-ID ("" when none), or null at end of stream. */
    private static String readData(InputStream in, ByteArrayOutputStream line) throws IOException {
        boolean headers = true;
        String id = "";
        long size = 0;
        while (readLine(in, line)) {
            size += line.size() + 2;
            if (line.size() == 1 && line.toByteArray()[0] == '.') {
                return size > MAX_MESSAGE_BYTES ? "" : id;
            }
            if (headers) {
                if (line.size() == 0) {
                    headers = false;
                } else if (startsWithIgnoringCase(line.toByteArray(), MESSAGE_ID)) {
                    id = line.toString(StandardCharsets.US_ASCII).substring(MESSAGE_ID.length).strip();
                }
            }
        }
        return null;
    }

    private static boolean startsWithIgnoringCase(byte[] line, byte[] prefix) {
        if (line.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toLowerCase(line[i]) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads one line without its CRLF into {@code line}; false at end of stream. */
    private static boolean readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return true;
            }
            if (b != '\r' && line.size() < MAX_LINE_BYTES) {
                line.write(b);
            }
        }
        return false;
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write(reply.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        acceptor.interrupt();
    }
}
