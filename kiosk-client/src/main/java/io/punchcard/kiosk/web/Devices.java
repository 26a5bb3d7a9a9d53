package io.punchcard.kiosk.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import io.punchcard.platform.http.page.Signer;

/**
 * The screens paired with this kiosk server, and the forms they may send. A screen is paired by opening
 * {@code /kiosk/pair?code=<pairing secret>} once: it gets a device cookie holding a random id and its MAC under a
 * key derived from the secret, so the server keeps no list (a restart keeps every screen paired) and a new secret
 * unpairs them all. A form's CSRF token is a MAC of the device and of the shopper's session, so it cannot be made
 * without the cookies, which a page of another site never sees (SameSite=Strict) nor reads (HttpOnly).
 */
public final class Devices {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final Signer signer;

    public Devices(String pairingSecret) {
        this.secret = pairingSecret.strip().getBytes(StandardCharsets.UTF_8);
        this.signer = new Signer(pairingSecret, "punchcard kiosk devices");
    }

    /** A new device cookie's value when {@code code} is the pairing secret. */
    public Optional<String> pair(String code) {
        if (code == null || !MessageDigest.isEqual(secret, code.strip().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        byte[] id = new byte[18];
        RANDOM.nextBytes(id);
        String device = B64.encodeToString(id);
        return Optional.of(device + "." + signer.sign("device|" + device));
    }

    /** The device id a cookie value names, when its MAC is ours. */
    public Optional<String> device(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot < 1 || cookie.length() > 200) {
            return Optional.empty();
        }
        String device = cookie.substring(0, dot);
        return signer.verifies("device|" + device, cookie.substring(dot + 1)) ? Optional.of(device) : Optional.empty();
    }

    /** The CSRF token of the forms {@code device} shows in {@code session} (null before a session). */
    public String csrf(String device, String session) {
        return signer.sign(csrfText(device, session));
    }

    /** Whether {@code token} is the one {@link #csrf} makes, compared in constant time. */
    public boolean csrfMatches(String device, String session, String token) {
        return signer.verifies(csrfText(device, session), token);
    }

    private static String csrfText(String device, String session) {
        return "csrf|" + device + "|" + (session == null ? "" : session);
    }
}
