package io.punchcard.pos;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import io.helidon.config.Config;

import io.punchcard.platform.StartupException;
import io.punchcard.platform.Urls;

/**
 * How a store's connector is set up ({@code pos.*} in the configuration; {@code POS_STORE} and the like in the
 * environment). The currency and the store's time zone are not among them: they are the program's, read from the
 * core ({@link io.punchcard.outbox.ProgramFollower}).
 *
 * @param store            the store's code in the program, e.g. {@code S001}
 * @param coreUri          the core, e.g. {@code http://core:8080}; null in the all-in-one app, which names its own
 * @param coreApiKey       the store's API key at the core (scope STORE, this store); null in the all-in-one app
 * @param dataFile         the SQLite file holding the outbox, tokens, known cards and open sales
 * @param pointValueMinor  what one point pays at the till, in minor units
 * @param voucherHold      how long a voucher stays held for an open sale (long enough to outlast an outage)
 * @param receiptWait      how long a till waits at most for the core's answer before printing "points to follow"
 * @param degradedAfter    how old the oldest waiting entry may get before health says degraded
 * @param retryFirst       the forwarder's first pause after the core failed; it doubles, with jitter
 * @param retryMax         the longest pause
 * @param dropFolder       where POSLog files dropped are imported from; null for none
 */
public record PosSettings(String store, URI coreUri, String coreApiKey, Path dataFile,
                          long pointValueMinor, Duration voucherHold, Duration receiptWait, Duration degradedAfter,
                          Duration retryFirst, Duration retryMax, Path dropFolder) {

    private static final System.Logger LOG = System.getLogger(PosSettings.class.getName());

    /** Reads {@code pos} from {@code config}. */
    public static PosSettings from(Config pos) {
        String store = pos.get("store").asString().orElse("S001");
        if (!store.matches("[A-Z0-9][A-Z0-9_-]{0,31}")) {
            throw new StartupException("pos.store '" + store + "' is not a store code: 1 to 32 capital letters, digits, '_' or '-'.");
        }
        URI core = pos.get("core.url").asString().map(url -> Urls.of("pos.core.url", url)).orElse(null);
        String key = pos.get("core.api-key").asString().orElse(null);
        Path file = Path.of(pos.get("data-file").asString().orElse("./data/pos/" + store + ".db"));
        long pointValue = pos.get("point-value-minor").asLong().orElse(1L);
        if (pointValue < 1) {
            throw new StartupException("pos.point-value-minor must be at least 1 (what one point pays, in cents).");
        }
        for (String gone : java.util.List.of("currency", "timezone")) {
            if (pos.get(gone).exists()) {
                LOG.log(System.Logger.Level.WARNING, "pos." + gone + " is no longer read: the connector takes the "
                        + "currency and the store's time zone from the core's program. Remove it from the settings.");
            }
        }
        return new PosSettings(store, core, key, file, pointValue,
                Duration.ofSeconds(pos.get("voucher-hold-seconds").asLong().orElse(4 * 3600L)),
                Duration.ofMillis(pos.get("receipt-wait-millis").asLong().orElse(1500L)),
                Duration.ofSeconds(pos.get("degraded-after-seconds").asLong().orElse(900L)),
                Duration.ofMillis(pos.get("retry.first-millis").asLong().orElse(500L)),
                Duration.ofMillis(pos.get("retry.max-millis").asLong().orElse(30_000L)),
                pos.get("poslog.drop-folder").asString().map(String::strip).filter(s -> !s.isEmpty()).map(Path::of)
                        .orElse(null));
    }

    /** The same settings, talking to {@code core} with {@code apiKey}. */
    public PosSettings withCore(URI core, String apiKey) {
        return new PosSettings(store, core, apiKey, dataFile, pointValueMinor, voucherHold, receiptWait,
                degradedAfter, retryFirst, retryMax, dropFolder);
    }

    /** The same settings, with the SQLite file at {@code file}. */
    public PosSettings withDataFile(Path file) {
        return new PosSettings(store, coreUri, coreApiKey, file, pointValueMinor, voucherHold, receiptWait,
                degradedAfter, retryFirst, retryMax, dropFolder);
    }

    /** The same settings, importing POSLog files dropped in {@code folder} (null: none). */
    public PosSettings withDropFolder(Path folder) {
        return new PosSettings(store, coreUri, coreApiKey, dataFile, pointValueMinor, voucherHold, receiptWait,
                degradedAfter, retryFirst, retryMax, folder);
    }
}
