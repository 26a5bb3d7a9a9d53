package io.punchcard.campaign;

import io.helidon.webserver.http.HttpRouting;

import io.punchcard.platform.ServerModule;

/**
 * The campaign engine as a server module, mounted by {@code app} or served alone by {@link Main}.
 * Its routes arrive with the campaign issue; until then it serves health and metrics only.
 */
public final class CampaignScheduler implements ServerModule {

    @Override
    public String name() {
        return "campaign-scheduler";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        // No routes of its own yet (the campaign issue).
    }
}
