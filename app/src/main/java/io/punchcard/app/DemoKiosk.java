package io.punchcard.app;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import io.helidon.config.Config;

import io.punchcard.kiosk.Kiosk;
import io.punchcard.kiosk.KioskSettings;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.Lifecycle;

/**
 * The demo kiosk, served by the app at {@code /kiosk} on its own port: it talks to the core over loopback HTTP with a
 * KIOSK key, as a kiosk server in a store would, and signs shoppers in by phone through the scheduler's routes on
 * the same port. The key and the pairing secret are kept in {@code <data>/kiosk/}, readable by their owner only, so a
 * restart keeps both and every screen paired. {@code kiosk.pairing-secret} and the other {@code kiosk.*} keys of
 * kiosk-client's settings override the demo's.
 */
final class DemoKiosk {

    private DemoKiosk() {
    }

    /** Whether the app serves a kiosk ({@code kiosk.enabled}, on by default). */
    static boolean enabled(Config config) {
        return config.get("kiosk.enabled").asBoolean().orElse(true);
    }

    /** The kiosk's routes, paired with the kept secret, not yet talking to the core. */
    static Kiosk mount(Config config, Lifecycle lifecycle) {
        Path folder = folder(config);
        String secret = DemoStore.kept(folder.resolve("pairing-secret"), kept -> kept.length() >= 16,
                DemoKiosk::secret);
        return lifecycle.add("kiosk", Kiosk.mount(KioskSettings.from(config.get("kiosk"), secret), Clock.systemUTC()));
    }

    /**
     * Gives the kiosk its KIOSK key (made now, or the one kept while the core still knows it) and the core and
     * scheduler at {@code local}; returns its banner line. Called after the app's demo ADMIN key is made, which is
     * made only while the core has no key at all.
     */
    static String connect(Kiosk kiosk, Config config, LoyaltyService core, URI local, int port) {
        String key = config.get("kiosk.api-key").asString().filter(k -> !k.isBlank()).orElseGet(() ->
                DemoStore.kept(folder(config).resolve("api-key"), token -> core.apiKeys().verify(token).isPresent(),
                        () -> core.apiKeys().create("demo kiosk " + kiosk.settings().store(), Scope.KIOSK, null).token()));
        kiosk.connect(local, key, local);
        return "  Kiosk       http://localhost:" + port + "/kiosk/pair?code=" + kiosk.settings().pairingSecret()
                + "  (open once per browser; then /kiosk/)";
    }

    private static Path folder(Config config) {
        return Path.of(config.get("data.dir").asString().orElse("./data"), "kiosk");
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
