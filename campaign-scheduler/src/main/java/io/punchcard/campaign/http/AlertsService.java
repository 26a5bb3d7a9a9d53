package io.punchcard.campaign.http;

import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.campaign.engine.ManagerAlerts;

/**
 * {@code /scheduler/v1/alerts}: what campaigns asked store managers to do ("has not bought for 60 days"), newest
 * first, for the console; each store's are also e-mailed once a day.
 */
final class AlertsService implements HttpService {

    private static final int MAX_LIMIT = 500;

    private final ManagerAlerts alerts;
    private final Callers callers;

    AlertsService(ManagerAlerts alerts, Callers callers) {
        this.alerts = alerts;
        this.callers = callers;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        String store = req.query().first("store").orElse(null);
        if (store != null && !store.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw Invalid.field("store", "must be a store code");
        }
        int limit = 100;
        String given = req.query().first("limit").orElse(null);
        if (given != null) {
            if (!given.matches("[0-9]{1,4}") || Integer.parseInt(given) < 1 || Integer.parseInt(given) > MAX_LIMIT) {
                throw Invalid.field("limit", "must be 1 to " + MAX_LIMIT);
            }
            limit = Integer.parseInt(given);
        }
        res.send(Map.of("alerts", alerts.list(store, limit)));
    }
}
