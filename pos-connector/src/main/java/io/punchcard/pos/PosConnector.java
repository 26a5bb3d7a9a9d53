package io.punchcard.pos;

import io.helidon.webserver.http.HttpRouting;

import io.punchcard.platform.ServerModule;

/**
 * The in-store POS connector as a server module, mounted by {@code app} or served alone by {@link Main}.
 * Its routes arrive with issue #5; until then it serves health and metrics only.
 */
public final class PosConnector implements ServerModule {

    @Override
    public String name() {
        return "pos-connector";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        // No routes of its own yet (issue #5).
    }
}
