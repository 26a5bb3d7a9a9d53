package io.punchcard.kiosk;

import java.net.URI;
import java.time.Duration;

import io.helidon.config.Config;

import io.punchcard.kiosk.text.Language;
import io.punchcard.platform.StartupException;
import io.punchcard.platform.Urls;

/**
 * How a kiosk server is set up ({@code kiosk.*} in the configuration; {@code KIOSK_CORE_URL} and the like in the
 * environment).
 *
 * @param coreUri         the core, e.g. {@code http://core:8080}; null in the all-in-one app, which names its own
 * @param apiKey          the kiosk's KIOSK key at the core; it never leaves this server; null in the all-in-one app
 * @param schedulerUri    the campaign scheduler, for sign-in by phone and one-time code; null hides that way in
 * @param pairingSecret   what {@code /kiosk/pair?code=…} must carry for a screen to become the kiosk's
 * @param idle            how long without a touch before the warning shows
 * @param warning         how long the warning counts down before the shopper is signed out
 * @param store           the store the kiosk stands in: members who sign up here joined there
 * @param defaultLanguage the language a screen starts in, and returns to after each shopper
 * @param currency        the currency amounts are shown in; null: the program's
 */
public record KioskSettings(URI coreUri, String apiKey, URI schedulerUri, String pairingSecret, Duration idle,
                            Duration warning, String store, Language defaultLanguage, String currency) {

    /** A pairing secret shorter than this could be guessed by trying. */
    static final int MIN_SECRET_CHARS = 16;

    public KioskSettings {
        if (pairingSecret == null || pairingSecret.strip().length() < MIN_SECRET_CHARS) {
            throw new StartupException("kiosk.pairing-secret (KIOSK_PAIRING_dash_SECRET) must be at least "
                    + MIN_SECRET_CHARS + " characters: screens are paired by opening /kiosk/pair?code=<it>.");
        }
        if (idle.isNegative() || idle.isZero() || warning.isNegative() || warning.isZero()) {
            throw new StartupException("kiosk.idle-seconds and kiosk.warning-seconds must be at least 1.");
        }
        if (!store.matches("[A-Z0-9][A-Z0-9_-]{0,31}")) {
            throw new StartupException("kiosk.store '" + store + "' is not a store code: 1 to 32 capital letters, "
                    + "digits, '_' or '-'.");
        }
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            throw new StartupException("kiosk.currency '" + currency + "' is not an ISO 4217 code such as EUR.");
        }
    }

    /** Reads {@code kiosk} from {@code config}. */
    public static KioskSettings from(Config kiosk) {
        return from(kiosk, null);
    }

    /** Reads {@code kiosk} from {@code config}, paired with {@code secret} unless it names a secret of its own. */
    public static KioskSettings from(Config kiosk, String secret) {
        URI core = kiosk.get("core-url").asString().map(url -> Urls.of("kiosk.core-url", url)).orElse(null);
        URI scheduler = kiosk.get("scheduler-url").asString().map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> Urls.of("kiosk.scheduler-url", url)).orElse(null);
        String language = kiosk.get("language").asString().orElse("en");
        return new KioskSettings(core, kiosk.get("api-key").asString().orElse(null), scheduler,
                kiosk.get("pairing-secret").asString().orElse(secret),
                Duration.ofSeconds(kiosk.get("idle-seconds").asLong().orElse(60L)),
                Duration.ofSeconds(kiosk.get("warning-seconds").asLong().orElse(15L)),
                kiosk.get("store").asString().orElse("S001"),
                Language.of(language).orElseThrow(() -> new StartupException("kiosk.language '" + language
                        + "' is not one the kiosk speaks: en, de or zh-Hans.")),
                kiosk.get("currency").asString().map(String::strip).filter(c -> !c.isEmpty()).orElse(null));
    }

    /** The same settings, talking to {@code core} with {@code key} and to the scheduler at {@code scheduler}. */
    public KioskSettings withCore(URI core, String key, URI scheduler) {
        return new KioskSettings(core, key, scheduler, pairingSecret, idle, warning, store, defaultLanguage, currency);
    }

    /** The same settings, paired with {@code secret}. */
    public KioskSettings withPairingSecret(String secret) {
        return new KioskSettings(coreUri, apiKey, schedulerUri, secret, idle, warning, store, defaultLanguage, currency);
    }
}
