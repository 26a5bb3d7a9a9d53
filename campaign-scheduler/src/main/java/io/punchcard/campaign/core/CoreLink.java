package io.punchcard.campaign.core;

import java.util.function.Supplier;

import io.punchcard.api.client.PunchcardClient;

/**
 * The scheduler's client of the core, known once the core's address is: in the all-in-one app the core is on
 * the same server, whose port is known only once it listens, after every module's routes are in place.
 */
public final class CoreLink implements Supplier<PunchcardClient> {

    private volatile PunchcardClient client;

    public void connect(PunchcardClient client) {
        this.client = client;
    }

    /** The client; an {@link IllegalStateException} before {@link #connect}. */
    @Override
    public PunchcardClient get() {
        PunchcardClient current = client;
        if (current == null) {
            throw new IllegalStateException("the scheduler is not connected to the core yet");
        }
        return current;
    }
}
