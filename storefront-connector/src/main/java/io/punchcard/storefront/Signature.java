package io.punchcard.storefront;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platforms' webhook signature: base64 of HMAC-SHA256 over the raw body, keyed with the shared secret
 * (Shopify's {@code X-Shopify-Hmac-Sha256}, WooCommerce's {@code X-WC-Webhook-Signature}). Checked on the bytes as
 * they arrived, before anything reads them, and compared in constant time.
 */
public final class Signature {

    private Signature() {
    }

    /** base64(HMAC-SHA256(secret, body)). */
    public static String of(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(mac(secret, body));
    }

    /**
     * Whether {@code header} signs {@code body} with one of {@code secrets} (the current one, and the previous one
     * during a rotation). Every secret is tried, so the time taken says nothing about which one, if any, matched.
     */
    public static boolean valid(List<String> secrets, byte[] body, String header) {
        if (header == null || header.isBlank() || header.length() > 200) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean valid = false;
        for (String secret : secrets) {
            valid |= MessageDigest.isEqual(mac(secret, body), given);
        }
        return valid;
    }

    private static byte[] mac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            // The JDK refuses an empty key; WooCommerce signs with one when a webhook has no secret. HMAC pads a key
            // with zero bytes to its block, so one zero byte is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
