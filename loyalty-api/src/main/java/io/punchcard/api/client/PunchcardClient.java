package io.punchcard.api.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import io.punchcard.api.Json;
import io.punchcard.api.Problem;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.EventPage;
import io.punchcard.api.v1.HoldVoucher;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.PurchaseBatch;
import io.punchcard.api.v1.PurchaseBatchResult;
import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.v1.Quote;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.RedeemPoints;
import io.punchcard.api.v1.RefundRecorded;
import io.punchcard.api.v1.VoucherView;

/**
 * A Java client of the core's {@code /api/v1}, for the connectors, the scheduler and tests.
 *
 * <p>Every call has a timeout. A call that fails in a way a retry can mend — no connection, a timeout, 429,
 * 502, 503, 504 — is retried up to {@link Settings#attempts} times with exponential back-off and jitter,
 * with the same body: the body carries the caller's id of the write (sale id, refund id, redemption id), and
 * the core answers a repeat with the original result, so a retry never takes effect twice. The id is also
 * sent as the {@code Idempotency-Key} header, for proxies and logs.
 */
public final class PunchcardClient {

    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

    /**
     * @param baseUri        e.g. {@code http://localhost:8080}
     * @param apiKey         the key, {@code pk_…}
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for an answer
     * @param attempts       tries per call, at least 1
     * @param backoff        the first wait between tries; it doubles each time, with up to 50% jitter
     */
    public record Settings(URI baseUri, String apiKey, Duration connectTimeout, Duration requestTimeout, int attempts,
                           Duration backoff) {

        public Settings {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        /** Two-second connect, five-second answer, three tries starting 200 ms apart. */
        public static Settings of(URI baseUri, String apiKey) {
            return new Settings(baseUri, apiKey, Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(200));
        }
    }

    private final Settings settings;
    private final HttpClient http;

    public PunchcardClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public MemberView enroll(EnrollMember member) {
        return send("POST", "/api/v1/members", member, null, MemberView.class);
    }

    public MemberView member(UUID id) {
        return send("GET", "/api/v1/members/" + id, null, null, MemberView.class);
    }

    /** The card shown at the till after scanning a loyalty card. */
    public MemberSummary summaryByCard(String card) {
        return send("GET", "/api/v1/members/summary?card=" + encode(card), null, null, MemberSummary.class);
    }

    public MemberSummary summary(UUID memberId) {
        return send("GET", "/api/v1/members/" + memberId + "/summary", null, null, MemberSummary.class);
    }

    public PurchaseRecorded recordPurchase(RecordPurchase purchase) {
        return send("POST", "/api/v1/purchases", purchase, purchase.source().key() + "/" + purchase.externalId(),
                PurchaseRecorded.class);
    }

    public PurchaseBatchResult recordPurchases(List<RecordPurchase> purchases) {
        return send("POST", "/api/v1/purchases/batch", new PurchaseBatch(purchases), null, PurchaseBatchResult.class);
    }

    public RefundRecorded recordRefund(RecordRefund refund) {
        return send("POST", "/api/v1/refunds", refund, refund.source().key() + "/" + refund.externalId(),
                RefundRecorded.class);
    }

    public Quote quote(QuoteRequest basket) {
        return send("POST", "/api/v1/checkout/quote", basket, null, Quote.class);
    }

    /** Spends points as a tender; the answer is a map with {@code redemptionId}, {@code points}, {@code available}. */
    public java.util.Map<String, Object> redeem(UUID memberId, RedeemPoints redemption) {
        return send("POST", "/api/v1/members/" + memberId + "/redemptions", redemption, redemption.redemptionId(),
                new TypeReference<java.util.Map<String, Object>>() { });
    }

    /** Holds a voucher for a sale; the answer is a map with {@code reservationId} and {@code heldUntil}. */
    public java.util.Map<String, Object> holdVoucher(String code, HoldVoucher hold) {
        return send("POST", "/api/v1/vouchers/" + encode(code) + "/holds", hold, code + "/" + hold.saleRef(),
                new TypeReference<java.util.Map<String, Object>>() { });
    }

    public VoucherView commitVoucher(String code, String saleRef) {
        return send("POST", "/api/v1/vouchers/" + encode(code) + "/holds/" + encode(saleRef) + "/commit", java.util.Map.of(),
                code + "/" + saleRef, VoucherView.class);
    }

    public VoucherView releaseVoucher(String code, String saleRef) {
        return send("POST", "/api/v1/vouchers/" + encode(code) + "/holds/" + encode(saleRef) + "/release", java.util.Map.of(),
                code + "/" + saleRef, VoucherView.class);
    }

    /** A page of the events feed after {@code position} (null or empty for the start). */
    public EventPage events(String position, int limit) {
        return send("GET", "/api/v1/events?limit=" + limit + (position == null || position.isEmpty() ? ""
                : "&after=" + encode(position)), null, null, EventPage.class);
    }

    private <T> T send(String method, String path, Object body, String idempotencyKey, Class<T> type) {
        return send(method, path, body, idempotencyKey, Json.mapper().constructType(type));
    }

    private <T> T send(String method, String path, Object body, String idempotencyKey, TypeReference<T> type) {
        return send(method, path, body, idempotencyKey, Json.mapper().getTypeFactory().constructType(type));
    }

    private <T> T send(String method, String path, Object body, String idempotencyKey, JavaType type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.baseUri().resolve(path))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.apiKey())
                .header("Accept", "application/json");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json(body)));
        }
        HttpRequest built = request.build();
        Duration wait = settings.backoff();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status < 300) {
                    return Json.mapper().readValue(response.body(), type);
                }
                if (!RETRYABLE.contains(status) || attempt >= settings.attempts()) {
                    throw new PunchcardException(problem(response));
                }
            } catch (IOException e) {
                if (attempt >= settings.attempts()) {
                    throw new PunchcardException("The core at " + settings.baseUri() + " did not answer " + method
                            + " " + path + " after " + attempt + " tries: " + e.getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PunchcardException("Interrupted while calling the core", e);
            }
            sleep(wait);
            wait = wait.multipliedBy(2);
        }
    }

    private static Problem problem(HttpResponse<byte[]> response) {
        try {
            return Json.mapper().readValue(response.body(), Problem.class);
        } catch (IOException e) {
            return Problem.of("http-" + response.statusCode(), "HTTP " + response.statusCode(), response.statusCode(),
                    "The core answered " + response.statusCode() + " without a problem body.", null);
        }
    }

    private static void sleep(Duration wait) {
        long millis = wait.toMillis();
        long jittered = millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PunchcardException("Interrupted while waiting to retry", e);
        }
    }

    private static byte[] json(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
