package io.punchcard.campaign.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server on loopback that takes its time over every message, so a process killed while sending is killed
 * with messages half-way through a send. GreenMail answers at once and cannot be told to hold a reply. It listens
 * on one port per sending instance ("door"), so a test knows which instance sent each message; a door can be
 * frozen, holding the reply to every message's end of data until {@link #thaw}, which pins its sender's workers
 * mid-send. A message counts as arrived once its data has come in full, before the reply: what a real server holds
 * when the client vanishes before hearing its 250.
 */
public final class SlowSmtpSink implements AutoCloseable {

    /** A message received in full: its Message-ID (angle brackets included) and the door it came through. */
    public record Arrival(String messageId, String door) {
    }

    /** A line of SMTP is at most 1,000 octets (RFC 5321 4.5.3.1.6); a bit more, in case. */
    private static final int MAX_LINE_CHARS = 4_000;
    private static final int MAX_MESSAGE_LINES = 10_000;
    /** Longest a connection waits for its client, and a frozen door holds a reply, before the sink gives up on it. */
    private static final int IDLE_MILLIS = 30_000;

    private final Duration delay;
    private final Map<String, Door> doors = new LinkedHashMap<>();
    private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private SlowSmtpSink(Duration delay) {
        this.delay = delay;
    }

    /** Listens on a free loopback port per name in {@code doors}; every message's reply waits {@code delay}. */
    public static SlowSmtpSink start(Duration delay, String... doors) {
        SlowSmtpSink sink = new SlowSmtpSink(delay);
        try {
            for (String name : doors) {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Door door = new Door(name, socket);
                sink.doors.put(name, door);
                Thread.ofPlatform().daemon().name("smtp-sink-" + name).start(() -> sink.accept(door));
            }
        } catch (IOException e) {
            sink.close();
            throw new UncheckedIOException(e);
        }
        return sink;
    }

    public int port(String door) {
        return door(door).socket.getLocalPort();
    }

    /** Every message received so far, in order of arrival. */
    public List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** How many messages came through {@code door}. */
    public long arrivedThrough(String door) {
        return arrivals.stream().filter(a -> a.door().equals(door)).count();
    }

    /** From now on the replies to the messages coming through {@code door} wait until {@link #thaw}. */
    public void freeze(String door) {
        door(door).frozen = new CountDownLatch(1);
    }

    /** Replies held at {@code door} now. */
    public int held(String door) {
        return door(door).held.get();
    }

    public void thaw(String door) {
        CountDownLatch frozen = door(door).frozen;
        door(door).frozen = null;
        if (frozen != null) {
            frozen.countDown();
        }
    }

    private Door door(String name) {
        Door door = doors.get(name);
        if (door == null) {
            throw new IllegalArgumentException("no door " + name);
        }
        return door;
    }

    private void accept(Door door) {
        while (!door.socket.isClosed()) {
            try {
                Socket socket = door.socket.accept();
                connections.add(socket);
                Thread.ofVirtual().name("smtp-sink-" + door.name + "-session").start(() -> {
                    try (socket) {
                        socket.setSoTimeout(IDLE_MILLIS);
                        converse(door, socket.getInputStream(), socket.getOutputStream());
                    } catch (IOException | InterruptedException e) {
                        // The sender went away (killed, or closed its connection): nothing to answer.
                    } finally {
                        connections.remove(socket);
                    }
                });
            } catch (IOException e) {
                // Closed: the loop ends.
            }
        }
    }

    private void converse(Door door, InputStream raw, OutputStream out) throws IOException, InterruptedException {
        InputStream in = new BufferedInputStream(raw);
        reply(out, "220 sink.test ESMTP slow sink");
        String line;
        while ((line = readLine(in)) != null) {
            String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO", "HELO" -> reply(out, "250 sink.test");
                case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                case "DATA" -> {
                    reply(out, "354 end data with <CR><LF>.<CR><LF>");
                    String messageId = readData(in);
                    arrivals.add(new Arrival(messageId, door.name));
                    Thread.sleep(delay);
                    CountDownLatch frozen = door.frozen;
                    if (frozen != null) {
                        door.held.incrementAndGet();
                        try {
                            frozen.await(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                        } finally {
                            door.held.decrementAndGet();
                        }
                    }
                    reply(out, "250 OK queued as " + messageId);
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "500 not understood");
            }
        }
    }

    /** Reads a message's data up to the lone dot, and returns its Message-ID (or "none"). */
    private static String readData(InputStream in) throws IOException {
        String messageId = "none";
        boolean headers = true;
        for (int lines = 0; lines < MAX_MESSAGE_LINES; lines++) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("the connection ended inside a message's data");
            }
            if (line.equals(".")) {
                return messageId;
            }
            if (line.isEmpty()) {
                headers = false;
            } else if (headers && line.regionMatches(true, 0, "Message-ID:", 0, "Message-ID:".length())) {
                messageId = line.substring("Message-ID:".length()).strip();
            }
        }
        throw new IOException("a message of more than " + MAX_MESSAGE_LINES + " lines");
    }

    /** A line without its CRLF, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_LINE_CHARS) {
                throw new IOException("a line longer than " + MAX_LINE_CHARS + " characters");
            }
            line.append((char) b);
        }
        return null;
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        List<Door> all = new ArrayList<>(doors.values());
        for (Door door : all) {
            thaw(door.name);
            try {
                door.socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }

    private static final class Door {
        final String name;
        final ServerSocket socket;
        final AtomicInteger held = new AtomicInteger();
        volatile CountDownLatch frozen;

        Door(String name, ServerSocket socket) {
            this.name = name;
            this.socket = socket;
        }
    }
}
