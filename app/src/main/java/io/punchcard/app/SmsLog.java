package io.punchcard.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Json;
import io.punchcard.campaign.message.OneTimeCodes;
import io.punchcard.campaign.message.WebhookSignature;
import io.punchcard.platform.ServerModule;
import io.punchcard.platform.StartupException;

/**
 * The zero-configuration run's SMS gateway: it plays the scheduler's gateway contract (see
 * {@code SmsGatewaySender}) at {@link #PATH}, writes each SMS as one line of {@code sms.log} instead of sending it,
 * answers {@code {"id": "log-N"}}, and then posts a signed "delivered" receipt to the scheduler, as a real gateway
 * would once the handset has it. Only the scheduler calls it: it sends a bearer token made at each start.
 */
final class SmsLog implements ServerModule, AutoCloseable {

    static final String PATH = "/dev/sms-gateway/v1/messages";
    static final String RECEIPTS_PATH = "/scheduler/v1/sms/receipts";
    /** Past this size the log moves to {@code sms.log.1} (replacing the one before): a bounded file for a demo. */
    static final long MAX_LOG_BYTES = 10L * 1024 * 1024;
    /** An SMS body is at most a few kilobytes; more is not one of ours. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Receipts waiting to be posted; beyond this, a receipt is dropped (the message stays SENT, as with a real gateway). */
    private static final int MAX_PENDING_RECEIPTS = 1000;
    private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final System.Logger LOG = System.getLogger(SmsLog.class.getName());

    private final Path file;
    private final byte[] webhookSecret;
    private final URI receipts;
    private final String token;
    private final Clock clock;
    private final BlockingQueue<String> pending = new ArrayBlockingQueue<>(MAX_PENDING_RECEIPTS);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(RECEIPT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    private final Thread poster;
    private long sent;

    /**
     * @param file          the log, created when missing
     * @param webhookSecret the secret the scheduler checks receipts with ({@code messages.sms.webhook-secret})
     * @param receipts      the scheduler's receipts endpoint on this server
     */
    SmsLog(Path file, String webhookSecret, URI receipts, Clock clock) {
        this.file = file;
        this.webhookSecret = webhookSecret.getBytes(StandardCharsets.UTF_8);
        this.receipts = receipts;
        this.clock = clock;
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        this.token = HexFormat.of().formatHex(bytes);
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    sent = lines.count();
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StartupException("Cannot keep the SMS log " + file + ": " + e.getMessage(), e);
        }
        this.poster = Thread.ofVirtual().name("sms-log-receipts").start(this::postReceipts);
    }

    /** The {@code messages.sms.*} settings that send through this log, at {@code gateway} (its URL on this server). */
    Map<String, String> gatewaySettings(URI gateway) {
        return Map.of("sms.gateway.url", gateway.toString(),
                "sms.gateway.auth-header-value", "Bearer " + token,
                "sms.gateway.sender-id", "Punchcard");
    }

    Path file() {
        return file;
    }

    @Override
    public String name() {
        return "sms-log";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.post(PATH, this::send);
    }

    @Override
    public void close() {
        poster.interrupt();
    }

    private void send(ServerRequest req, ServerResponse res) {
        String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
            answer(res, Status.UNAUTHORIZED_401, Map.of("error", "only the scheduler of this app sends here"));
            return;
        }
        byte[] raw = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        JsonNode body;
        try {
            body = raw.length > MAX_REQUEST_BYTES ? null : Json.mapper().readTree(raw);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            answer(res, Status.BAD_REQUEST_400, Map.of("error", "the body must be one JSON object"));
            return;
        }
        String to = body.path("to").asText("");
        String reference = body.path("reference").asText("");
        String text = body.path("text").asText("");
        if (!OneTimeCodes.isE164(to) || !REFERENCE.matcher(reference).matches() || text.isEmpty()) {
            answer(res, Status.BAD_REQUEST_400, Map.of("error", "to (E.164), reference and text are required"));
            return;
        }
        long n;
        try {
            n = append(clock.instant().truncatedTo(ChronoUnit.SECONDS) + "  to " + to + "  ref " + reference + "  "
                    + Json.mapper().writeValueAsString(text) + "\n");
        } catch (IOException e) {
            // Not taken, and a later try may work: the scheduler retries a 503.
            answer(res, Status.SERVICE_UNAVAILABLE_503, Map.of("error", "cannot write " + file + ": " + e.getMessage()));
            return;
        }
        answer(res, Status.OK_200, Map.of("id", "log-" + n));
        if (!pending.offer(reference)) {
            LOG.log(System.Logger.Level.WARNING, "SMS log: too many receipts waiting; none for " + reference);
        }
    }

    private synchronized long append(String line) throws IOException {
        if (Files.exists(file) && Files.size(file) > MAX_LOG_BYTES) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return ++sent;
    }

    private static void answer(ServerResponse res, Status status, Map<String, String> body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }

    /** Posts each receipt after its answer went out, so the scheduler has the message's reference on record. */
    private void postReceipts() {
        while (!Thread.currentThread().isInterrupted()) {
            String reference;
            try {
                reference = pending.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                Instant now = clock.instant();
                byte[] receipt = Json.write(Map.of("reference", reference, "status", "delivered", "at",
                        now.toString())).getBytes(StandardCharsets.UTF_8);
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(receipts).timeout(RECEIPT_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("X-Punchcard-Signature", WebhookSignature.sign(webhookSecret, now.getEpochSecond(), receipt))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(receipt)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    LOG.log(System.Logger.Level.WARNING, "SMS log: receipt for " + reference + " answered "
                            + answer.statusCode() + ": " + answer.body());
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "SMS log: receipt for " + reference + " not posted: " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
