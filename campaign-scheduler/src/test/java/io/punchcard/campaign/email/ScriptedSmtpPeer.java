package io.punchcard.campaign.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;

/**
 * An SMTP server on loopback that speaks just enough SMTP (no extensions) and answers each connection by a script,
 * to make a server fail in the ways a real one does at the worst moment: refusing a recipient, deferring the data,
 * hanging up or going silent after the data went.
 */
final class ScriptedSmtpPeer implements AutoCloseable {

    /** A reply that is no reply: the peer closes the socket instead. */
    static final String HANG_UP = "<hang up>";
    /** A reply that is no reply: the peer keeps the socket open and says nothing. */
    static final String SILENCE = "<silence>";

    /**
     * How the first message on one connection goes; later messages on it are accepted.
     *
     * @param mail           the reply to MAIL FROM
     * @param rcpt           the reply to RCPT TO
     * @param dataEnd        the reply to the end of the data
     * @param hangUpAfterAll whether the peer closes the connection after replying to the end of the data
     * @param offerStartTls  whether EHLO offers STARTTLS (with GreenMail's self-signed certificate)
     */
    record Script(String mail, String rcpt, String dataEnd, boolean hangUpAfterAll, boolean offerStartTls) {
        static final Script ACCEPT = new Script("250 2.1.0 OK", "250 2.1.5 OK", "250 2.0.0 queued as Q1", false, false);

        Script withRcpt(String reply) {
            return new Script(mail, reply, dataEnd, hangUpAfterAll, offerStartTls);
        }

        Script withMail(String reply) {
            return new Script(reply, rcpt, dataEnd, hangUpAfterAll, offerStartTls);
        }

        Script withDataEnd(String reply) {
            return new Script(mail, rcpt, reply, hangUpAfterAll, offerStartTls);
        }

        Script hangingUpAfterAll() {
            return new Script(mail, rcpt, dataEnd, true, offerStartTls);
        }

        Script offeringStartTls() {
            return new Script(mail, rcpt, dataEnd, hangUpAfterAll, true);
        }
    }

    private final ServerSocket server;
    private final List<Script> scripts;
    private final AtomicInteger connections = new AtomicInteger();
    /** The data of every message whose end reached the peer, whatever the peer answered. */
    private final List<String> dataReceived = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger messagesOverTls = new AtomicInteger();
    private final AtomicInteger recipients = new AtomicInteger();

    /** Connection n follows {@code scripts[n]}; connections beyond the list accept everything. */
    ScriptedSmtpPeer(Script... scripts) throws IOException {
        this(0, scripts);
    }

    /** As {@link #ScriptedSmtpPeer(Script...)}, on {@code port} (0: any free one). */
    ScriptedSmtpPeer(int port, Script... scripts) throws IOException {
        this.scripts = List.of(scripts);
        this.server = new ServerSocket();
        // A test plays an outage on one port: the peer, then GreenMail, take turns on it.
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        Thread.ofVirtual().name("scripted-smtp-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many RCPT TO commands reached the peer, over every connection: one per try of a message to one address. */
    int recipients() {
        return recipients.get();
    }

    int connections() {
        return connections.get();
    }

    List<String> dataReceived() {
        return List.copyOf(dataReceived);
    }

    /** How many of {@link #dataReceived()} came over a connection upgraded with STARTTLS. */
    int messagesOverTls() {
        return messagesOverTls.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int index = connections.getAndIncrement();
                Script script = index < scripts.size() ? scripts.get(index) : Script.ACCEPT;
                Thread.ofVirtual().name("scripted-smtp-" + index).start(() -> converse(socket, script));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket plain, Script script) {
        Socket socket = plain;
        try (plain) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            boolean tls = false;
            reply(out, "220 peer.test ESMTP scripted");
            Script current = script;
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                String answer = switch (verb) {
                    case "EHLO", "HELO" -> script.offerStartTls() && !tls ? "250-peer.test\r\n250 STARTTLS" : "250 peer.test";
                    case "STAR" -> {
                        reply(out, "220 2.0.0 ready to start TLS");
                        socket = startTls(plain);
                        sockets.add(socket);
                        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                        out = socket.getOutputStream();
                        tls = true;
                        yield null;
                    }
                    case "MAIL" -> current.mail();
                    case "RCPT" -> {
                        recipients.incrementAndGet();
                        yield current.rcpt();
                    }
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        StringBuilder data = new StringBuilder();
                        String dataLine;
                        while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                            data.append(dataLine).append('\n');
                        }
                        if (dataLine == null) {
                            yield HANG_UP;
                        }
                        dataReceived.add(data.toString());
                        if (tls) {
                            messagesOverTls.incrementAndGet();
                        }
                        String dataEnd = current.dataEnd();
                        current = Script.ACCEPT;
                        yield dataEnd;
                    }
                    case "RSET" -> {
                        // A refused message ends with RSET: the next one starts afresh.
                        current = Script.ACCEPT;
                        yield "250 2.0.0 OK";
                    }
                    case "NOOP" -> "250 2.0.0 OK";
                    case "QUIT" -> "221 2.0.0 bye";
                    default -> "502 5.5.2 not implemented";
                };
                if (answer == null) {
                    continue;
                }
                if (answer.equals(HANG_UP)) {
                    return;
                }
                if (answer.equals(SILENCE)) {
                    // Say nothing until the client gives up and closes.
                    while (in.readLine() != null) {
                        // drain
                    }
                    return;
                }
                reply(out, answer);
                if (verb.equals("QUIT") || verb.equals("DATA") && script.hangUpAfterAll()) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away; the conversation is over.
        }
    }

    /** Turns the connection into the server side of TLS, with the self-signed certificate GreenMail ships. */
    private static Socket startTls(Socket plain) throws IOException {
        try {
            KeyStore keys = new DummySSLServerSocketFactory().getKeyStore();
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, "changeit".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start TLS", e);
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
