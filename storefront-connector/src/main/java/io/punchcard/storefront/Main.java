package io.punchcard.storefront;

import io.punchcard.platform.PunchcardServer;

/** Runs the storefront-connector alone, as a chain runs it behind its reverse proxy. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PunchcardServer.runAlone(new StorefrontConnector());
    }
}
