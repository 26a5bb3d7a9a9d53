package io.punchcard.campaign.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed token in a one-click unsubscribe link (RFC 8058): it names the member, the channel and the message it
 * came in, so the link works without a login and cannot be forged or edited to unsubscribe someone else.
 *
 * <p>Format: {@code u1.} followed by base64url without padding of 25 bytes of claims (message id, member id, a
 * channel byte) and their 32-byte HMAC-SHA256, computed over the prefix and the claims so a later version's
 * token never verifies as this one. 57 bytes are 76 characters exactly, with no spare bits, so one set of
 * claims has one spelling.
 */
public final class UnsubscribeToken {

    /** The version prefix; a new format gets a new one, and old links keep working while both are read. */
    public static final String PREFIX = "u1.";
    /** HMAC-SHA256's output length (RFC 2104's minimum for its key); a shorter secret would be the weak point. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final int CLAIMS_BYTES = Long.BYTES + 2 * Long.BYTES + 1;
    private static final int MAC_BYTES = 32;
    private static final int TOKEN_CHARS = PREFIX.length() + (CLAIMS_BYTES + MAC_BYTES) / 3 * 4;
    // Written in the token, so fixed here rather than taken from Channel's declaration order.
    private static final byte EMAIL = 'E';
    private static final byte SMS = 'S';

    private UnsubscribeToken() {
    }

    /**
     * What a valid token says.
     *
     * @param messageId the message whose link it is
     * @param memberId  the member to unsubscribe
     * @param channel   the channel to unsubscribe them from
     */
    public record Claims(long messageId, UUID memberId, Channel channel) {
    }

    /** The token for the unsubscribe link of message {@code messageId} to {@code memberId} on {@code channel}. */
    public static String sign(byte[] secret, long messageId, UUID memberId, Channel channel) {
        checkSecret(secret);
        if (messageId < 1 || memberId == null || channel == null) {
            throw new IllegalArgumentException("a positive messageId, a memberId and a channel are required");
        }
        ByteBuffer claims = ByteBuffer.allocate(CLAIMS_BYTES)
                .putLong(messageId)
                .putLong(memberId.getMostSignificantBits())
                .putLong(memberId.getLeastSignificantBits())
                .put(switch (channel) {
                    case EMAIL -> EMAIL;
                    case SMS -> SMS;
                });
        byte[] token = Arrays.copyOf(claims.array(), CLAIMS_BYTES + MAC_BYTES);
        System.arraycopy(mac(secret, claims.array()), 0, token, CLAIMS_BYTES, MAC_BYTES);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /**
     * The claims of {@code token} when it was signed with {@code secret} and is unchanged; empty for anything else
     * (tampered, truncated, padded, too long, garbage, null). Never throws for a token: it comes off the internet.
     */
    public static Optional<Claims> verify(byte[] secret, String token) {
        checkSecret(secret);
        // Every token of this version has one length; any other is refused before decoding, so a huge query
        // string costs nothing.
        if (token == null || token.length() != TOKEN_CHARS || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64url) {
            return Optional.empty();
        }
        if (bytes.length != CLAIMS_BYTES + MAC_BYTES) {
            return Optional.empty();
        }
        byte[] claims = Arrays.copyOf(bytes, CLAIMS_BYTES);
        byte[] given = Arrays.copyOfRange(bytes, CLAIMS_BYTES, bytes.length);
        // Constant time: a timing difference per matching byte would let a forger find a valid MAC byte by byte.
        if (!MessageDigest.isEqual(mac(secret, claims), given)) {
            return Optional.empty();
        }
        ByteBuffer read = ByteBuffer.wrap(claims);
        long messageId = read.getLong();
        UUID memberId = new UUID(read.getLong(), read.getLong());
        Channel channel = switch (read.get()) {
            case EMAIL -> Channel.EMAIL;
            case SMS -> Channel.SMS;
            default -> null;
        };
        // A correctly signed token always names a channel; the check keeps a future writer's mistake from a null.
        return channel == null ? Optional.empty() : Optional.of(new Claims(messageId, memberId, channel));
    }

    private static void checkSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the unsubscribe secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    private static byte[] mac(byte[] secret, byte[] claims) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update(PREFIX_BYTES);
            return mac.doFinal(claims);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256, and any non-empty key fits it.
            throw new IllegalStateException(ALGORITHM + " is unavailable", e);
        }
    }
}
