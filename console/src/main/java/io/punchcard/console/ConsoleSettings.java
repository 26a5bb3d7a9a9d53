package io.punchcard.console;

import java.net.URI;

import io.helidon.config.Config;

import io.punchcard.platform.StartupException;
import io.punchcard.platform.Urls;

/**
 * How a console server is set up ({@code console.*} in the configuration; {@code CONSOLE_CORE_dash_URL} and the like
 * in the environment).
 *
 * @param coreUri      the core, e.g. {@code http://core:8080}; null in the all-in-one app, which names its own
 * @param apiKey       the console's CONSOLE key at the core; it never leaves this server; null in the all-in-one app
 * @param cookieSecret   what the forms' CSRF tokens are signed with; at least 16 characters
 * @param exportPageSize how many rows an export asks the core for at a time: 1 to the core's 500
 * @param schedulerUri   the campaign scheduler (members' messages), e.g. {@code http://scheduler:8083}; null: at the
 *                       core's address, as the all-in-one app serves it
 */
public record ConsoleSettings(URI coreUri, String apiKey, String cookieSecret, int exportPageSize, URI schedulerUri) {

    /** A secret shorter than this could be guessed by trying. */
    static final int MIN_SECRET_CHARS = 16;
    /** The core's largest page: the fewest round trips for a whole listing. */
    public static final int MAX_PAGE_SIZE = 500;

    public ConsoleSettings {
        if (cookieSecret == null || cookieSecret.strip().length() < MIN_SECRET_CHARS) {
            throw new StartupException("console.cookie-secret (CONSOLE_COOKIE_dash_SECRET) must be at least "
                    + MIN_SECRET_CHARS + " characters: the console's forms are signed with it.");
        }
        if (exportPageSize < 1 || exportPageSize > MAX_PAGE_SIZE) {
            throw new StartupException("console.export-page-size must be from 1 to " + MAX_PAGE_SIZE + ".");
        }
    }

    /** Settings whose campaign scheduler answers at the core's address. */
    public ConsoleSettings(URI coreUri, String apiKey, String cookieSecret, int exportPageSize) {
        this(coreUri, apiKey, cookieSecret, exportPageSize, null);
    }

    /** Settings with exports read in the core's largest pages, and the scheduler at the core's address. */
    public ConsoleSettings(URI coreUri, String apiKey, String cookieSecret) {
        this(coreUri, apiKey, cookieSecret, MAX_PAGE_SIZE);
    }

    /** Reads {@code console} from the configuration. */
    public static ConsoleSettings from(Config console) {
        return from(console, null);
    }

    /** Reads {@code console}, signing with {@code secret} unless it names a secret of its own. */
    public static ConsoleSettings from(Config console, String secret) {
        URI core = console.get("core-url").asString().map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> Urls.of("console.core-url", url)).orElse(null);
        return new ConsoleSettings(core, console.get("api-key").asString().map(String::strip)
                .filter(key -> !key.isEmpty()).orElse(null),
                console.get("cookie-secret").asString().filter(s -> !s.isBlank()).orElse(secret),
                console.get("export-page-size").asInt().orElse(MAX_PAGE_SIZE),
                console.get("scheduler-url").asString().map(String::strip).filter(url -> !url.isEmpty())
                        .map(url -> Urls.of("console.scheduler-url", url)).orElse(null));
    }
}
