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
 * restart keeps both and every screen paired. {@code kiosk.pairing-secret}, {@code kiosk.api-key} and the other
 * {@code kiosk.*} keys of kiosk-client's settings override the demo's.
 */
final class DemoKiosk {

    private DemoKiosk() {
    }

    /** Whether the app serves a kiosk ({@code kiosk.enabled}, on by default). */
    static boolean enabled(Config config) {
        return config.get("kiosk.enabled").asBoolean().orElse(true);
    }

    /**
     * The kiosk's routes, not yet talking to the core. Paired with {@code kiosk.pairing-secret} when configured;
     * else with the secret kept in {@code <data>/kiosk/}; else, on the operator's own stores with no data folder
     * ({@code data} null), with one made at this start.
     */
    static Kiosk mount(Config config, Path data, Lifecycle lifecycle) {
        String secret = config.get("kiosk.pairing-secret").asString().filter(s -> !s.isBlank())
                .orElseGet(() -> data == null ? secret()
                        : DemoStore.kept(data.resolve("kiosk").resolve("pairing-secret"), kept -> kept.length() >= 16,
                                DemoKiosk::secret));
        return lifecycle.add("kiosk", Kiosk.mount(KioskSettings.from(config.get("kiosk"), secret), Clock.systemUTC()));
    }

    /**
     * Gives the kiosk its KIOSK key and the core and scheduler at {@code local}; returns its banner line. The key is
     * {@code kiosk.api-key} when configured; else the one kept in {@code <data>/kiosk/} while the core still knows
     * it; else one made now. Called after the app's demo ADMIN key is made, which is made only while the core has no
     * key at all.
     */
    static String connect(Kiosk kiosk, Config config, Path data, LoyaltyService core, URI local, int port) {
        java.util.function.Supplier<String> fresh = () -> core.apiKeys().create("demo kiosk "
                + kiosk.settings().store(), Scope.KIOSK, null).token();
        String key = config.get("kiosk.api-key").asString().filter(k -> !k.isBlank()).orElseGet(() -> data == null
                ? fresh.get()
                : DemoStore.kept(data.resolve("kiosk").resolve("api-key"), token -> core.apiKeys().verify(token)
                        .isPresent(), fresh));
        kiosk.connect(local, key, local);
        return "  Kiosk       http://localhost:" + port + "/kiosk/pair?code=" + kiosk.settings().pairingSecret()
                + "  (open once per browser; then /kiosk/)";
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
