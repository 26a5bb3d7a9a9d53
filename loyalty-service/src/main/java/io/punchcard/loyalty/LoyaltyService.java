package io.punchcard.loyalty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.HttpRouting;

import io.punchcard.loyalty.http.AboutService;
import io.punchcard.loyalty.store.ServerStarts;
import io.punchcard.platform.ServerModule;

/**
 * The loyalty core as a server module: it owns the loyalty schema (Flyway location {@link #MIGRATIONS}) and
 * serves {@code /api/v1}.
 */
public final class LoyaltyService implements ServerModule {

    /** Where the core's Flyway migrations live on the class path. */
    public static final String MIGRATIONS = "classpath:db/migration/loyalty";

    private final ServerStarts starts;
    private final String version;

    public LoyaltyService(DbClient db, Clock clock) {
        this.version = version();
        this.starts = new ServerStarts(db, clock);
    }

    /** Records this start in the database; call once the schema is migrated. */
    public void recordStart() {
        starts.record(version, hostName());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public String name() {
        return "loyalty-service";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register("/api/v1", new AboutService(starts, version));
    }

    /** The version from the jar manifest, or {@code dev} when run from classes. */
    public static String version() {
        String version = LoyaltyService.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
