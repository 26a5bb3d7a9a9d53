package io.punchcard.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.platform.ServerModule;
import io.punchcard.platform.StartupException;

/**
 * The zero-configuration run's mail catcher: an SMTP server on loopback (GreenMail) that the scheduler sends
 * through when no SMTP server is configured. Every e-mail it catches is kept as an {@code .eml} file in its folder
 * and shown at {@code /mail}, so a newcomer sees the welcome e-mail and can click its unsubscribe button. The
 * mail is members' data: every word of it is escaped, its HTML is shown only in a sandbox, and the pages answer
 * this machine only (a server opened with {@code SERVER_HOST=0.0.0.0} does not show them to others).
 */
final class MailCatcher implements ServerModule, AutoCloseable {

    static final String PATH = "/mail";
    /** The oldest files beyond this many are deleted: a demo left running for months keeps a bounded folder. */
    static final int MAX_KEPT = 1000;
    /** The list shows the newest ones; the rest are files in the folder. */
    private static final int MAX_LISTED = 200;
    /** An e-mail of ours is tens of kilobytes; a larger file is not parsed for a page. */
    private static final long MAX_SHOWN_BYTES = 5L * 1024 * 1024;
    private static final Pattern FILE = Pattern.compile("([0-9]{1,12})\\.eml");
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,11}");
    private static final Pattern LOOPBACK_HOST =
            Pattern.compile("(?i)(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]{1,5})?");
    private static final System.Logger LOG = System.getLogger(MailCatcher.class.getName());

    private final GreenMail smtp;
    private final Path folder;
    private final URI unsubscribeBase;
    private final AtomicLong last;

    private MailCatcher(GreenMail smtp, Path folder, URI publicUrl, long last) {
        this.smtp = smtp;
        this.folder = folder;
        String base = publicUrl.toString();
        this.unsubscribeBase = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/unsubscribe/");
        this.last = new AtomicLong(last);
    }

    /**
     * Starts the SMTP server on 127.0.0.1 and a free port, keeping what it catches in {@code folder}.
     *
     * @param publicUrl the scheduler's public address: only unsubscribe links under it become buttons
     */
    static MailCatcher start(Path folder, URI publicUrl) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StartupException("Cannot keep caught e-mail in " + folder + ": " + e.getMessage(), e);
        }
        GreenMail smtp = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", "smtp")}));
        MailCatcher catcher = new MailCatcher(smtp, folder, publicUrl, numbers(folder).max().orElse(0));
        MessageDeliveryHandler store = smtp.getUserManager().getMessageDeliveryHandler();
        smtp.getUserManager().setMessageDeliveryHandler((message, address) -> {
            catcher.keep(message.getMessage());
            // The files are the record; GreenMail's own mailboxes would otherwise hold every message in memory.
            try {
                smtp.purgeEmailFromAllMailboxes();
            } catch (com.icegreen.greenmail.store.FolderException e) {
                LOG.log(System.Logger.Level.DEBUG, "Caught e-mail stays in memory too: " + e.getMessage());
            }
            return store.handle(message, address);
        });
        smtp.start();
        return catcher;
    }

    /** The SMTP port, on 127.0.0.1. */
    int smtpPort() {
        return smtp.getSmtp().getPort();
    }

    /** The {@code messages.email.smtp.*} settings that send through this catcher. */
    Map<String, String> smtpSettings() {
        return Map.of("email.smtp.host", "127.0.0.1",
                "email.smtp.port", Integer.toString(smtpPort()),
                "email.smtp.security", "NONE",
                "email.smtp.from", "Punchcard <loyalty@localhost>");
    }

    Path folder() {
        return folder;
    }

    private void keep(MimeMessage message) {
        long n = last.incrementAndGet();
        Path file = folder.resolve(n + ".eml");
        Path part = folder.resolve("." + n + ".eml.part");
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                message.writeTo(out);
            }
            // Moved in whole, so a page never reads half a message.
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(folder.resolve((n - MAX_KEPT) + ".eml"));
        } catch (IOException | MessagingException e) {
            LOG.log(System.Logger.Level.WARNING, "A caught e-mail could not be kept in " + file + ": " + e.getMessage());
        }
    }

    private static java.util.stream.LongStream numbers(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Long> found = files.map(f -> FILE.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> Long.parseLong(m.group(1))).toList();
            return found.stream().mapToLong(Long::longValue);
        } catch (IOException e) {
            throw new StartupException("Cannot read the caught e-mail in " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "mail-catcher";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.get(PATH, this::list)
                .get(PATH + "/{n}", this::show)
                .get(PATH + "/{n}/body", this::body)
                .get(PATH + "/{n}/eml", this::raw);
    }

    @Override
    public void close() {
        smtp.stop();
    }

    /** One caught e-mail, as the pages show it. */
    private record Caught(long number, Instant at, String from, String to, String subject, String listUnsubscribe,
                          String html, String text) {
    }

    private void list(ServerRequest req, ServerResponse res) {
        if (!fromThisMachine(req, res)) {
            return;
        }
        StringBuilder rows = new StringBuilder();
        List<Long> newest = numbers(folder).boxed().sorted(Comparator.reverseOrder()).limit(MAX_LISTED).toList();
        for (long n : newest) {
            Optional<Caught> mail = read(n);
            if (mail.isEmpty()) {
                continue;
            }
            Caught m = mail.get();
            rows.append("<tr><td>").append(m.at()).append("</td><td>").append(escape(m.to())).append("</td><td>")
                    .append("<a href=\"").append(PATH).append('/').append(n).append("\">")
                    .append(escape(m.subject().isBlank() ? "(no subject)" : m.subject())).append("</a></td><td>")
                    .append("<a href=\"").append(PATH).append('/').append(n).append("/eml\">.eml</a></td></tr>");
        }
        String body = "<h1>Caught e-mail</h1><p>No SMTP server is configured, so the messages Punchcard sends land "
                + "here instead of in members' mailboxes; each is kept as a file in <code>" + escape(folder.toString())
                + "</code>. Newest first.</p>"
                + (rows.isEmpty() ? "<p>None yet. Enrol a member who agrees to e-mail: the welcome e-mail arrives "
                + "here within seconds.</p>"
                : "<table><thead><tr><th scope=\"col\">Caught (UTC)</th><th scope=\"col\">To</th>"
                + "<th scope=\"col\">Subject</th><th scope=\"col\">File</th></tr></thead><tbody>" + rows
                + "</tbody></table>");
        page(res, Status.OK_200, "Caught e-mail", body, "");
    }

    private void show(ServerRequest req, ServerResponse res) {
        Optional<Caught> found = fromThisMachine(req, res) ? found(req, res) : Optional.empty();
        if (found.isEmpty()) {
            return;
        }
        Caught m = found.get();
        StringBuilder body = new StringBuilder("<p><a href=\"" + PATH + "\">All caught e-mail</a></p><h1>")
                .append(escape(m.subject().isBlank() ? "(no subject)" : m.subject())).append("</h1><dl>")
                .append("<dt>Caught (UTC)</dt><dd>").append(m.at()).append("</dd>")
                .append("<dt>From</dt><dd>").append(escape(m.from())).append("</dd>")
                .append("<dt>To</dt><dd>").append(escape(m.to())).append("</dd>");
        String formAction = "";
        if (!m.listUnsubscribe().isEmpty()) {
            body.append("<dt>List-Unsubscribe</dt><dd><code>").append(escape(m.listUnsubscribe())).append("</code>");
            Optional<URI> link = unsubscribeLink(m.listUnsubscribe());
            if (link.isPresent()) {
                // What a mail client's one-click button sends (RFC 8058).
                body.append("<form method=\"post\" action=\"").append(escape(link.get().toString())).append("\">")
                        .append("<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">")
                        .append("<button type=\"submit\">Unsubscribe, as a mail client's button does</button></form>");
                formAction = " form-action " + origin(link.get()) + ";";
            }
            body.append("</dd>");
        }
        body.append("</dl><p><a href=\"").append(PATH).append('/').append(m.number()).append("/eml\">Download the .eml "
                + "file</a></p>");
        if (!m.html().isEmpty()) {
            body.append("<h2>HTML</h2><iframe title=\"The e-mail's HTML\" sandbox src=\"").append(PATH).append('/')
                    .append(m.number()).append("/body\"></iframe>");
        }
        if (!m.text().isEmpty()) {
            body.append("<h2>Plain text</h2><pre>").append(escape(m.text())).append("</pre>");
        }
        page(res, Status.OK_200, "Caught e-mail " + m.number(), body.toString(), formAction);
    }

    private void body(ServerRequest req, ServerResponse res) {
        Optional<Caught> found = fromThisMachine(req, res) ? found(req, res) : Optional.empty();
        if (found.isEmpty()) {
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        // A sandbox of its own even when opened directly: no script runs, and it has no origin to act as.
        res.header(HeaderNames.create("Content-Security-Policy"), "sandbox; default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data: http: https:; frame-ancestors 'self'");
        res.send(found.get().html());
    }

    private void raw(ServerRequest req, ServerResponse res) {
        if (!fromThisMachine(req, res)) {
            return;
        }
        Optional<Path> file = file(req);
        if (file.isEmpty()) {
            notFound(res);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "message/rfc822");
        res.header(HeaderNames.create("Content-Disposition"), "attachment; filename=\""
                + file.get().getFileName() + "\"");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        try (InputStream in = Files.newInputStream(file.get()); OutputStream out = res.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.get(), e);
        }
    }

    /** The link of a List-Unsubscribe header when it is one of ours; only those become a button. */
    private Optional<URI> unsubscribeLink(String header) {
        for (String part : header.split(",")) {
            String value = part.strip();
            if (value.startsWith("<") && value.endsWith(">")) {
                String link = value.substring(1, value.length() - 1);
                if (link.startsWith(unsubscribeBase.toString()) && link.length() < 2000) {
                    try {
                        return Optional.of(new URI(link));
                    } catch (java.net.URISyntaxException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private Optional<Caught> found(ServerRequest req, ServerResponse res) {
        Optional<Caught> mail = file(req).flatMap(f -> read(Long.parseLong(req.path().pathParameters().get("n"))));
        if (mail.isEmpty()) {
            notFound(res);
        }
        return mail;
    }

    private Optional<Path> file(ServerRequest req) {
        String n = req.path().pathParameters().get("n");
        if (!NUMBER.matcher(n).matches()) {
            return Optional.empty();
        }
        Path file = folder.resolve(n + ".eml");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private Optional<Caught> read(long n) {
        Path file = folder.resolve(n + ".eml");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_SHOWN_BYTES) {
                return Optional.empty();
            }
            MimeMessage message;
            try (InputStream in = Files.newInputStream(file)) {
                message = new MimeMessage(Session.getInstance(new Properties()), in);
            }
            StringBuilder html = new StringBuilder();
            StringBuilder text = new StringBuilder();
            collect(message, html, text, 0);
            return Optional.of(new Caught(n, Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS),
                    header(message, "From"), header(message, "To"), Optional.ofNullable(message.getSubject()).orElse(""),
                    header(message, "List-Unsubscribe"), html.toString(), text.toString()));
        } catch (IOException | MessagingException e) {
            LOG.log(System.Logger.Level.DEBUG, "Caught e-mail " + file + " not readable: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The first HTML and plain-text parts, however deep the multiparts nest (a few levels at most). */
    private static void collect(Part part, StringBuilder html, StringBuilder text, int depth)
            throws MessagingException, IOException {
        if (depth > 8) {
            return;
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount() && i < 20; i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, html, text, depth + 1);
            }
        } else if (part.isMimeType("text/html") && html.isEmpty() && part.getContent() instanceof String s) {
            html.append(s);
        } else if (part.isMimeType("text/plain") && text.isEmpty() && part.getContent() instanceof String s) {
            text.append(s);
        }
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, ", ");
        return value == null ? "" : decoded(value);
    }

    private static String decoded(String value) {
        try {
            return jakarta.mail.internet.MimeUtility.decodeText(value.replaceAll("\\r?\\n[ \\t]*", " "));
        } catch (java.io.UnsupportedEncodingException e) {
            return value;
        }
    }

    /**
     * Whether the caller is on this machine; a 403 that says why otherwise. The peer alone does not say it: a
     * reverse proxy on this machine connects from loopback on behalf of anyone, and a page on another site can
     * point its own name at 127.0.0.1 (DNS rebinding). Neither can make the browser send a Host of this machine.
     */
    private static boolean fromThisMachine(ServerRequest req, ServerResponse res) {
        if (req.remotePeer().address() instanceof InetSocketAddress peer && peer.getAddress() != null
                && peer.getAddress().isLoopbackAddress()
                && req.headers().first(HeaderNames.HOST).filter(MailCatcher::namesThisMachine).isPresent()) {
            return true;
        }
        page(res, Status.FORBIDDEN_403, "Not from here", "<h1>Open this page on the machine Punchcard runs on</h1>"
                + "<p>Caught e-mail is members' data; it is shown to this machine's browser only.</p>", "");
        return false;
    }

    /** Whether a Host header names this machine by loopback: localhost, 127.0.0.1 or [::1], with any port. */
    static boolean namesThisMachine(String host) {
        return LOOPBACK_HOST.matcher(host.trim()).matches();
    }

    private static void notFound(ServerResponse res) {
        page(res, Status.NOT_FOUND_404, "No such e-mail", "<h1>No such e-mail</h1><p><a href=\"" + PATH
                + "\">All caught e-mail</a></p>", "");
    }

    private static void page(ServerResponse res, Status status, String title, String body, String formAction) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; style-src 'unsafe-inline'; "
                + "frame-src 'self'; frame-ancestors 'none';" + formAction);
        res.send("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + escape(title) + " – Punchcard</title>"
                + "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3em .6em;border-bottom:"
                + "1px solid #ccc}dt{font-weight:bold}dd{overflow-wrap:anywhere}"
                + "iframe{width:100%;height:40em;border:1px solid #999}"
                + "pre{white-space:pre-wrap;background:#f4f4f4;padding:1em}button{font:inherit;padding:.4em 1em}"
                + ":focus{outline:3px solid #fd0}</style></head><body><main>" + body + "</main></body></html>");
    }

    /** Text as HTML shows it, safe in element content and in quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
