package io.punchcard.pos;

import io.punchcard.platform.PunchcardServer;

/** Runs the pos-connector alone, as a chain runs it behind its reverse proxy. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PunchcardServer.runAlone(new PosConnector());
    }
}
