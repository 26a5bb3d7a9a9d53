package io.punchcard.campaign.sms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.punchcard.api.Json;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.MessageSender;
import io.punchcard.campaign.message.OutgoingMessage;
import io.punchcard.campaign.message.SendOutcome;
import io.punchcard.campaign.message.SmsSegmentCounter;
import io.punchcard.campaign.message.SmsSegments;

/**
 * Sends SMS through an HTTP JSON gateway: ours, documented here, which real providers are adapted to.
 *
 * <p>The contract. We {@code POST} to the configured URL, with {@code Content-Type: application/json} (UTF-8) and
 * the configured credential header, the body {@code {"from": "<sender id>", "to": "+<E.164>", "text": "...",
 * "reference": "<our id>"}}. The reference is unique per message and comes back in delivery receipts; a gateway
 * should treat a repeated reference as the same message, so a resend after an unknown outcome is not a second SMS.
 * The gateway answers:
 * <ul>
 *   <li>2xx when it has taken the message, with {@code {"id": "<its id>"}} (optional);</li>
 *   <li>429 or 5xx when it has not taken it and a later try may work, with {@code Retry-After} (seconds or an
 *       HTTP-date) when it knows how long to wait; it must not answer 5xx once it has passed the message on;</li>
 *   <li>another 4xx when the message can never go (bad number, blocked, opted out), with {@code {"error": "<why>"}}
 *       or a plain-text body.</li>
 * </ul>
 *
 * <p>Every send is bounded by {@code timeout-millis}, connection included, and answers are read up to
 * {@link #MAX_ANSWER_BYTES}. Thread-safe; one instance (one connection pool) serves the whole scheduler.
 */
public final class SmsGatewaySender implements MessageSender, AutoCloseable {

    /** Far above an id or an error sentence; a gateway answering more is not answering us, and is not read further. */
    public static final int MAX_ANSWER_BYTES = 16 * 1024;
    /** Bounds the gateway's words kept in an outcome, which end up stored with the message and on a manager's screen. */
    public static final int MAX_REASON_CHARS = 300;
    /** Ids of real gateways are under 64 characters; a longer "id" is something else, and is not kept. */
    public static final int MAX_PROVIDER_ID_CHARS = 128;
    /** A gateway asking for a longer pause is broken or mistyped; a day is as long as a message's send window. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    private static final int MAX_RETRY_AFTER_CHARS = 64;
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\s]+");

    private final SmsGatewaySettings settings;
    private final Clock clock;
    private final HttpClient client;

    /**
     * A sender to the gateway of {@code settings}.
     *
     * @param clock turns a {@code Retry-After} date into a pause
     */
    public SmsGatewaySender(SmsGatewaySettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(settings.connectTimeoutMillis()))
                // A redirect means a wrong url; following it would post members' numbers to wherever it points.
                .followRedirects(HttpClient.Redirect.NEVER)
                // SMS volumes need no multiplexing, and an h2c upgrade offered over plain http trips some adapters.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A sender with the system clock. */
    public SmsGatewaySender(SmsGatewaySettings settings) {
        this(settings, Clock.systemUTC());
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    /** A connection, then the answer to one request. */
    @Override
    public java.time.Duration longestSend() {
        return java.time.Duration.ofMillis(settings.connectTimeoutMillis() + (long) settings.timeoutMillis());
    }

    @Override
    public SendOutcome send(OutgoingMessage message) {
        Objects.requireNonNull(message, "message");
        if (message.channel() != Channel.SMS) {
            // A wiring mistake, not a provider's answer: it must fail loudly, not be stored as a rejection.
            throw new IllegalArgumentException("an SMS sender was handed a " + message.channel() + " message");
        }
        // Checked here rather than left to the gateway: a number that is not E.164 will never become one, and
        // the gateway's refusal would cost a round trip per member of a large campaign.
        if (!SmsGatewaySettings.E164.matcher(message.to()).matches()) {
            return new SendOutcome.Rejected("to is not an E.164 number (+ and 8 to 15 digits)");
        }
        if (message.textBody().isBlank()) {
            // The network would carry and bill an empty SMS; it tells the member nothing.
            return new SendOutcome.Rejected("the text is empty");
        }
        SmsSegments segments = SmsSegmentCounter.count(message.textBody());
        if (!segments.withinConcatenationLimit()) {
            return new SendOutcome.Rejected("the text needs " + segments.segments() + " segments; phones reassemble at most "
                    + SmsSegments.MAX_SEGMENTS);
        }
        HttpRequest request = request(message);
        CompletableFuture<HttpResponse<byte[]>> answer =
                client.sendAsync(request, info -> new BoundedBody(MAX_ANSWER_BYTES));
        try {
            // One deadline for connect, send and the whole answer, independent of how far the client's own request
            // timeout reaches: a gateway trickling its body must not hold a dispatcher thread for ever.
            return classify(answer.get(settings.timeoutMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            answer.cancel(true);
            // The connection was up (its own, shorter timeout did not fire), so the request may have been read and
            // acted on: only "unknown" is true. Transactional messages are resent on it; marketing ones are not.
            return new SendOutcome.Unknown("the gateway did not answer within " + settings.timeoutMillis() + " ms");
        } catch (ExecutionException e) {
            return failure(e.getCause());
        } catch (CancellationException e) {
            return new SendOutcome.Unknown("the send was cancelled");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return new SendOutcome.Unknown("interrupted while waiting for the gateway");
        }
    }

    /** Closes the connection pool, waiting for sends under way. */
    @Override
    public void close() {
        client.close();
    }

    private HttpRequest request(OutgoingMessage message) {
        ObjectNode body = Json.mapper().createObjectNode()
                .put("from", settings.senderId())
                .put("to", message.to())
                .put("text", message.textBody())
                .put("reference", message.reference());
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.url())
                .timeout(Duration.ofMillis(settings.timeoutMillis()))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.UTF_8)));
        if (settings.authHeaderName() != null) {
            builder.header(settings.authHeaderName(), settings.authHeaderValue());
        }
        return builder.build();
    }

    private SendOutcome classify(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            // The contract's "taken": from here on the gateway owns the message, whatever the body says.
            return new SendOutcome.Accepted(providerId(response.body()));
        }
        if (status == 429 || status >= 500 && status < 600) {
            // The contract's "not taken, try later": throttling or an outage before the message was passed on.
            return new SendOutcome.Temporary(words(status, response.body()), retryAfter(response));
        }
        if (status == 401 || status == 403) {
            // Our credential, not the message: every message would be refused alike. They wait (and the channel's
            // circuit breaker pauses sending) until the credential is put right, rather than being lost for good.
            return new SendOutcome.Temporary(words(status, response.body()) + " (check messages.sms.gateway's "
                    + "auth-header-value)", null);
        }
        if (status == 408) {
            // The gateway gave up waiting for our request, so it never had the message whole.
            return new SendOutcome.Temporary(words(status, response.body()), null);
        }
        if (status >= 400 && status < 500) {
            // The gateway judged this message (or our credential) and will judge it the same again: a 401 or 403 is
            // our configuration, but resending thousands of messages into it would not fix that.
            return new SendOutcome.Rejected(words(status, response.body()));
        }
        if (status >= 300 && status < 400) {
            // Redirects are not followed (see the client), so nothing was taken; the url needs fixing, and the
            // message can go once it is.
            return new SendOutcome.Temporary("the gateway answered " + status + ", a redirect; check the url", null);
        }
        // Outside HTTP's classes: nothing in the contract says whether it took the message.
        return new SendOutcome.Unknown("the gateway answered " + status);
    }

    private static SendOutcome failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof UnresolvedAddressException || t instanceof UnknownHostException
                    || t instanceof SSLHandshakeException) {
                // No connection (or no secure one) was made, so the gateway never saw the message: safe to try again.
                return new SendOutcome.Temporary("no connection to the gateway: " + describe(t), null);
            }
            if (t instanceof HttpTimeoutException) {
                // The client's own deadline, after the connection was made (a connect timeout is caught above).
                return new SendOutcome.Unknown("the gateway did not answer in time: " + describe(t));
            }
        }
        // The connection broke after the request was written, typically while waiting for or reading the answer:
        // the gateway may have taken the message.
        return new SendOutcome.Unknown("the connection to the gateway broke: " + describe(cause));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return bounded(message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
    }

    private static String providerId(byte[] body) {
        JsonNode id = json(body).path("id");
        if (!(id.isTextual() || id.isIntegralNumber())) {
            return null;
        }
        String text = id.asText().strip();
        return text.isEmpty() || text.length() > MAX_PROVIDER_ID_CHARS || CONTROLS.matcher(text).find() ? null : text;
    }

    /** The gateway's own words, for a manager to read: its {@code error} or {@code message}, else its body. */
    private static String words(int status, byte[] body) {
        JsonNode answer = json(body);
        String said;
        if (answer.path("error").isTextual()) {
            said = answer.path("error").asText();
        } else if (answer.path("message").isTextual()) {
            said = answer.path("message").asText();
        } else {
            said = new String(body, StandardCharsets.UTF_8);
        }
        said = bounded(said);
        return "the gateway answered " + status + (said.isEmpty() ? "" : ": " + said);
    }

    private static String bounded(String text) {
        String oneLine = CONTROLS.matcher(text).replaceAll(" ").strip();
        if (oneLine.length() <= MAX_REASON_CHARS) {
            return oneLine;
        }
        int end = MAX_REASON_CHARS - 1;
        // Never cut a surrogate pair in half: the stored reason must stay valid UTF-16.
        if (Character.isHighSurrogate(oneLine.charAt(end - 1))) {
            end--;
        }
        return oneLine.substring(0, end) + "…";
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            // Not JSON (an HTML error page from a proxy, a truncated answer): the caller falls back to the raw text.
            return MissingNode.getInstance();
        }
    }

    /** The pause a 429 or 5xx asked for: delta seconds or an HTTP-date; null when absent or unreadable. */
    private Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").map(String::strip).orElse("");
        if (value.isEmpty() || value.length() > MAX_RETRY_AFTER_CHARS) {
            return null;
        }
        Duration pause;
        if (SECONDS.matcher(value).matches()) {
            pause = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                pause = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException e) {
                // A garbled hint is no hint: the dispatcher's own back-off applies.
                return null;
            }
        }
        if (pause.isNegative()) {
            // A date already past: the gateway's clock is behind ours, and it means "now".
            return Duration.ZERO;
        }
        return pause.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : pause;
    }

    /**
     * Collects an answer up to a number of bytes, then stops reading; the JDK's own byte-array handler would take
     * whatever size a broken or hostile gateway sends.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), maxBytes - bytes.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                bytes.write(chunk, 0, take);
                if (bytes.size() == maxBytes) {
                    subscription.cancel();
                    body.complete(bytes.toByteArray());
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }
}
