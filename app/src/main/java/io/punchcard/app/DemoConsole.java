package io.punchcard.app;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.config.Config;

import io.punchcard.console.Console;
import io.punchcard.console.ConsoleSettings;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.Secrets;
import io.punchcard.platform.store.PostgresSettings;

/**
 * The manager console, served by the app at {@code /console} on its own port: it talks to the core over loopback HTTP
 * with a CONSOLE key, as a console server of its own would. The key and the cookie secret are kept in {@code
 * <data>/console/}, readable by their owner only, so a restart keeps both. {@code console.api-key} and {@code
 * console.cookie-secret} override them.
 */
final class DemoConsole {

    private DemoConsole() {
    }

    /** Whether the app serves the console ({@code console.enabled}, on by default). */
    static boolean enabled(Config config) {
        return config.get("console.enabled").asBoolean().orElse(true);
    }

    /**
     * The console's routes, not yet talking to the core. Its forms are signed with {@code console.cookie-secret}
     * when configured; else with the secret kept in {@code <data>/console/}; else, with no data folder ({@code data}
     * null: the operator's own stores), with one made at this start, which only makes open forms send again.
     */
    static Console mount(Config config, Path data, Lifecycle lifecycle) {
        String secret = config.get("console.cookie-secret").asString().filter(s -> !s.isBlank())
                .orElseGet(() -> data == null ? secret()
                        : DemoStore.kept(data.resolve("console").resolve("cookie-secret"), kept -> kept.length() >= 16,
                                DemoConsole::secret));
        return lifecycle.add("console", Console.mount(ConsoleSettings.from(config.get("console"), secret),
                Clock.systemUTC()));
    }

    /**
     * Gives the console its CONSOLE key and the core at {@code local}; returns a banner line when no one can log in
     * yet, with the command that makes the first admin in the database {@code db}. The key is {@code console.api-key} when configured; else the one kept in {@code <data>/console/} while the
     * core still knows it; else one made now. Called after the app's demo ADMIN key is made, which is made only while
     * the core has no key at all.
     */
    static Optional<String> connect(Console console, Config config, Path data, LoyaltyService core, URI local,
                                    PostgresSettings db) {
        Supplier<String> fresh = () -> core.apiKeys().create("demo console", Scope.CONSOLE, null).token();
        String key = config.get("console.api-key").asString().filter(k -> !k.isBlank()).orElseGet(() -> data == null
                ? fresh.get()
                : DemoStore.kept(data.resolve("console").resolve("api-key"), token -> core.apiKeys().verify(token)
                        .isPresent(), fresh));
        console.connect(local, key);
        if (!core.staffAccounts().list().isEmpty()) {
            return Optional.empty();
        }
        // The embedded database's URL changes with each start: the command names this one, while the app runs.
        return Optional.of("  Console     no staff yet; while this runs: DB_URL='" + Secrets.redact(db.url())
                + "' DB_USERNAME='" + db.username() + "' ./punchcard staff create-admin EMAIL NAME");
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
