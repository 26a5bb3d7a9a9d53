package io.punchcard.campaign.message;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the bodies of webhooks (delivery receipts, replies) so that only the gateway holding the shared
 * secret can post them, and a captured request cannot be replayed later.
 *
 * <p>The header value is {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}, the HMAC taken over the ASCII timestamp, a
 * full stop and the raw body bytes. Signing the timestamp with the body is what makes replay protection work: an
 * attacker who changes {@code t} breaks the signature. A header may carry several {@code v1} entries, so a sender in
 * the middle of a secret rotation can sign with the old and the new secret at once; a checker holding several secrets
 * accepts a match of any of them, so either side can rotate first.
 *
 * <p>The body is checked as received, before any parsing: a JSON re-encoding would change the bytes. Bounding the
 * body's size is the caller's: the HMAC is computed over whatever it is given. Instances are immutable and thread-safe.
 */
public final class WebhookSignature {

    /** What {@link #verify} made of a request. Only {@link #VALID} may be acted on. */
    public enum Verdict {
        /** Signed with one of our secrets within the tolerance. */
        VALID,
        /** No signature header (null or blank). */
        MISSING,
        /** A header that is not {@code t=<digits>,v1=<64 hex>[,v1=...]}, or one longer than {@link #MAX_HEADER_CHARS}. */
        MALFORMED,
        /** Correctly signed, but the timestamp is further from our clock than the tolerance: a replay or a bad clock. */
        STALE,
        /** Well formed, but no signature matches the body under any of our secrets. */
        BAD_SIGNATURE
    }

    /** The tolerance when none is given: wide enough for a gateway's retry queue and ordinary clock drift. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** Room for a timestamp and four signatures; anything longer is not ours, and is refused before it is parsed. */
    public static final int MAX_HEADER_CHARS = 320;

    /** A rotation needs two secrets; a few more cover a slow rollout, and the bound keeps each check cheap. */
    public static final int MAX_SECRETS = 4;

    /** Shorter secrets could be guessed; 16 bytes is 128 bits, what HMAC-SHA256 needs to be worth its name. */
    public static final int MIN_SECRET_BYTES = 16;

    private static final int MAX_SIGNATURES = 4;
    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<byte[]> secrets;
    private final Clock clock;
    private final Duration tolerance;

    /**
     * A checker for {@code secrets} (the current one and, during a rotation, the others still in use).
     *
     * @param secrets   1 to {@link #MAX_SECRETS} secrets of at least {@link #MIN_SECRET_BYTES} bytes; copied
     * @param clock     the clock timestamps are compared with
     * @param tolerance how far a timestamp may be from {@code clock}, either way; positive
     */
    public WebhookSignature(List<byte[]> secrets, Clock clock, Duration tolerance) {
        if (secrets == null || secrets.isEmpty() || secrets.size() > MAX_SECRETS) {
            throw new IllegalArgumentException("secrets: 1 to " + MAX_SECRETS + " are required");
        }
        List<byte[]> copies = new ArrayList<>(secrets.size());
        for (byte[] secret : secrets) {
            copies.add(checkedSecret(secret).clone());
        }
        if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("tolerance must be positive");
        }
        this.secrets = List.copyOf(copies);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tolerance = tolerance;
    }

    /** A checker with the {@link #DEFAULT_TOLERANCE}. */
    public WebhookSignature(List<byte[]> secrets, Clock clock) {
        this(secrets, clock, DEFAULT_TOLERANCE);
    }

    /** The header value for {@code body} signed with {@code secret} at {@code unixSeconds}. */
    public static String sign(byte[] secret, long unixSeconds, byte[] body) {
        if (unixSeconds < 0) {
            throw new IllegalArgumentException("unixSeconds must not be negative");
        }
        Objects.requireNonNull(body, "body");
        return "t=" + unixSeconds + ",v1=" + HEX.formatHex(mac(checkedSecret(secret), unixSeconds, body));
    }

    /** Checks {@code headerValue} against the raw {@code body} as it was received. */
    public Verdict verify(String headerValue, byte[] body) {
        Objects.requireNonNull(body, "body");
        if (headerValue == null || headerValue.isBlank()) {
            return Verdict.MISSING;
        }
        if (headerValue.length() > MAX_HEADER_CHARS) {
            return Verdict.MALFORMED;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>(MAX_SIGNATURES);
        for (String element : headerValue.split(",", -1)) {
            int equals = element.indexOf('=');
            if (equals < 0) {
                return Verdict.MALFORMED;
            }
            String key = element.substring(0, equals).strip();
            String value = element.substring(equals + 1).strip();
            switch (key) {
                case "t" -> {
                    if (timestamp != null || !TIMESTAMP.matcher(value).matches()) {
                        return Verdict.MALFORMED;
                    }
                    timestamp = Long.parseLong(value);
                }
                case "v1" -> {
                    if (signatures.size() == MAX_SIGNATURES || !SIGNATURE.matcher(value).matches()) {
                        return Verdict.MALFORMED;
                    }
                    signatures.add(HEX.parseHex(value));
                }
                // Strict on purpose: a scheme we do not know (v0, a plain hash) must not pass as a weaker one.
                default -> {
                    return Verdict.MALFORMED;
                }
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Verdict.MALFORMED;
        }
        if (!matchesAny(timestamp, body, signatures)) {
            return Verdict.BAD_SIGNATURE;
        }
        // Checked after the signature, so STALE always means "genuine but old": a replay or a clock to fix, which an
        // operator can tell apart from a forgery.
        long skewSeconds = Math.abs(clock.instant().getEpochSecond() - timestamp);
        return skewSeconds > tolerance.toSeconds() ? Verdict.STALE : Verdict.VALID;
    }

    private boolean matchesAny(long timestamp, byte[] body, List<byte[]> signatures) {
        boolean matched = false;
        for (byte[] secret : secrets) {
            byte[] expected = mac(secret, timestamp, body);
            for (byte[] signature : signatures) {
                // MessageDigest.isEqual takes the same time wherever the arrays differ, so the response time does not
                // leak how much of a forged signature was right. Every pair is compared, no early exit, for the same reason.
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        return matched;
    }

    private static byte[] checkedSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a webhook secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        return secret;
    }

    private static byte[] mac(byte[] secret, long unixSeconds, byte[] body) {
        try {
            // A Mac is not thread-safe, and one per check costs microseconds: cheaper than a pool's contention.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides " + ALGORITHM, e);
        }
    }
}
