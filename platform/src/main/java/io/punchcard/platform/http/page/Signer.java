package io.punchcard.platform.http.page;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures under a key derived from a server's secret for one purpose, so the same secret signs a
 * kiosk's device cookies and its forms' tokens without one standing in for the other. What our pages sign (a form's
 * CSRF token made of the cookies that only the browser holds) needs no list on the server: a restart keeps it valid,
 * a new secret invalidates it all.
 */
public final class Signer {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    /**
     * @param secret  the server's secret, at least 16 characters (the callers' settings check it)
     * @param purpose what the signatures are for, e.g. {@code punchcard kiosk devices}
     */
    public Signer(String secret, String purpose) {
        SecretKeySpec master = new SecretKeySpec(secret.strip().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.key = new SecretKeySpec(mac(master, purpose), "HmacSHA256");
    }

    /** The signature of {@code text}, URL-safe base64 (43 characters). */
    public String sign(String text) {
        return B64.encodeToString(mac(key, text));
    }

    /** Whether {@code signature} is {@link #sign}'s of {@code text}, compared in constant time; false for null. */
    public boolean verifies(String text, String signature) {
        return signature != null && MessageDigest.isEqual(sign(text).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] mac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
