package io.punchcard.loyalty.http;

import java.time.Instant;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.v1.KeyAccess;
import io.punchcard.api.v1.StaffAccount;
import io.punchcard.loyalty.access.ApiKey;
import io.punchcard.loyalty.access.StaffAccess;
import io.punchcard.loyalty.access.StaffAccounts;
import io.punchcard.loyalty.store.ServerStarts;

/**
 * {@code GET /api/v1}: where things are; {@code GET /api/v1/about}: which core answers, and how long its
 * database has been in service; {@code GET /api/v1/access}: what the caller's key may do, and in whose staff
 * session.
 */
public final class AboutService implements HttpService {

    private final ServerStarts starts;
    private final StaffAccounts staff;
    private final String version;

    public AboutService(ServerStarts starts, StaffAccounts staff, String version) {
        this.starts = starts;
        this.staff = staff;
        this.version = version;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::index);
        rules.get("/about", this::about);
        rules.get("/access", this::access);
    }

    /**
     * Who the caller's key is, and the member of staff whose live session it presented: how the other services (the
     * campaign scheduler) authenticate a key and a staff session without reading the core's tables. The filter has
     * checked the session already (an unknown or ended one never gets here).
     */
    private void access(ServerRequest req, ServerResponse res) {
        ApiKey key = Authentication.caller(req);
        // The account is read again for its e-mail and name; an account disabled since the filter's look is absent.
        StaffAccount person = Authentication.staffMember(req).map(StaffAccess.Live::staffId).flatMap(staff::find)
                .map(StaffService::view).orElse(null);
        res.send(new KeyAccess(key.id(), key.name(), key.scope().name(), key.store(), person));
    }

    private void index(ServerRequest req, ServerResponse res) {
        res.send(new Index("punchcard", version, "/openapi", "/api/v1/about", "/observe/health"));
    }

    private void about(ServerRequest req, ServerResponse res) {
        ServerStarts.Summary summary = starts.summary();
        res.send(new About("punchcard", version, summary.starts(), summary.firstStartedAt()));
    }

    /**
     * @param name           always {@code punchcard}
     * @param version        the core's version
     * @param starts         how many times a core has started on this database
     * @param firstStartedAt when the first did
     */
    record About(String name, String version, long starts, Instant firstStartedAt) {
    }

    /**
     * @param name    always {@code punchcard}
     * @param version the core's version
     * @param openapi where the API is described
     * @param about   the about resource
     * @param health  the health resource
     */
    record Index(String name, String version, String openapi, String about, String health) {
    }
}
