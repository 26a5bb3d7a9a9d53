package io.punchcard.loyalty;

import java.time.Clock;
import java.util.Locale;

import io.punchcard.loyalty.access.ApiKeys;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.store.Jdbc;
import io.punchcard.loyalty.store.PgApiKeys;
import io.punchcard.platform.Launcher;
import io.punchcard.platform.StartupException;
import io.punchcard.platform.store.Postgres;

/**
 * Manages API keys straight in the database named by {@code db.url} (or {@code DB_URL}), for the first key of
 * an installation and for operators without an admin key at hand:
 * <pre>
 *   ./punchcard api-keys create NAME SCOPE [STORE]
 *   ./punchcard api-keys list
 *   ./punchcard api-keys revoke ID
 * </pre>
 */
public final class ApiKeysCli {

    private static final String USAGE = "usage: ./punchcard api-keys create NAME ADMIN|CONNECTOR|STORE|KIOSK|CONSOLE [STORE] | list | revoke ID";

    private ApiKeysCli() {
    }

    public static void main(String[] args) {
        Launcher.launch("api-keys", () -> {
            if (args.length == 0) {
                throw new StartupException(USAGE);
            }
            try (Postgres postgres = CoreDatabase.open("the keys")) {
                PgApiKeys keys = new PgApiKeys(new Jdbc(postgres.dbClient()), Clock.systemUTC());
                switch (args[0]) {
                    case "create" -> {
                        if (args.length < 3) {
                            throw new StartupException(USAGE);
                        }
                        Scope scope;
                        try {
                            scope = Scope.valueOf(args[2].toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            throw new StartupException("scope '" + args[2] + "' is not ADMIN, CONNECTOR, STORE, KIOSK or CONSOLE");
                        }
                        if (scope == Scope.STORE && args.length < 4) {
                            throw new StartupException("a STORE key needs its store: create NAME STORE S001");
                        }
                        ApiKeys.Created created = keys.create(args[1], scope, args.length > 3 ? args[3] : null);
                        System.out.println(created.token());
                    }
                    case "list" -> keys.list().forEach(k -> System.out.println(k.key().id() + "  " + k.key().scope()
                            + (k.key().store() == null ? "" : " " + k.key().store()) + "  " + k.key().name()
                            + (k.revoked() ? "  (revoked)" : "")));
                    case "revoke" -> {
                        if (args.length < 2 || !keys.revoke(args[1])) {
                            throw new StartupException("no API key " + (args.length < 2 ? "given" : args[1]));
                        }
                        System.out.println("revoked " + args[1]);
                    }
                    default -> throw new StartupException(USAGE);
                }
            }
        });
    }
}
