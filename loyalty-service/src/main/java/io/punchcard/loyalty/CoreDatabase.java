package io.punchcard.loyalty;

import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.StartupException;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;

/** The core's database for the command line: the one {@code db.url} (or {@code DB_URL}) names, migrated, two connections. */
final class CoreDatabase {

    private CoreDatabase() {
    }

    /** Opens it; {@code holding} says what lives there, for the sentence when {@code db.url} is not set. */
    static Postgres open(String holding) {
        var config = PunchcardServer.configuration("loyalty-service.yaml");
        PostgresSettings db = PostgresSettings.from(config.get("db")).orElseThrow(() ->
                new StartupException("db.url is not set: name the database " + holding + " live in (DB_URL)"));
        return Postgres.open(db.withPoolSize(2), LoyaltyService.MIGRATIONS);
    }
}
