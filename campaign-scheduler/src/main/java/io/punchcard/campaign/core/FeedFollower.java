package io.punchcard.campaign.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.EventPage;
import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.message.MessagePlanner;
import io.punchcard.campaign.message.Occasions;

/**
 * Follows the core's events feed and plans the messages {@link Occasions} asks for. Its position is kept in the
 * scheduler's database after each page; a page read twice (a crash between planning and keeping the position,
 * or two instances) plans nothing twice, since a message's cause is unique.
 */
public final class FeedFollower implements AutoCloseable {

    /** Where a follower keeps its position in the feed. */
    public interface Positions {
        Optional<String> position(String consumer);

        void keep(String consumer, String position, Instant at);
    }

    private static final System.Logger LOG = System.getLogger(FeedFollower.class.getName());
    private static final String CONSUMER = "messages";
    private static final int PAGE = 200;

    private final java.util.function.Supplier<PunchcardClient> core;
    private final CoreProgramFacts program;
    private final MessagePlanner messages;
    private final Positions positions;
    private final Occasions occasions;
    private final Clock clock;
    private final Duration every;
    private final Thread thread;
    private volatile boolean running = true;

    public FeedFollower(java.util.function.Supplier<PunchcardClient> core, CoreProgramFacts program, MessagePlanner messages, Positions positions,
                        Occasions occasions, Clock clock, Duration every) {
        this.core = core;
        this.program = program;
        this.messages = messages;
        this.positions = positions;
        this.occasions = occasions;
        this.clock = clock;
        this.every = every;
        this.thread = Thread.ofVirtual().name("messages-feed").unstarted(this::follow);
    }

    public FeedFollower start() {
        thread.start();
        return this;
    }

    private void follow() {
        while (running) {
            try {
                while (running && followOnePage()) {
                    // A full page: there may be more right away.
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Events feed not followed this time: " + e.getMessage());
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads and plans one page; true when it was full. */
    boolean followOnePage() {
        String position = positions.position(CONSUMER).orElse(null);
        EventPage page = core.get().events(position, PAGE);
        Instant now = clock.instant();
        for (EventPage.FeedEvent entry : page.events()) {
            LoyaltyEvent event;
            try {
                event = entry.event();
            } catch (IllegalArgumentException e) {
                // One malformed entry must not hold the feed up for good: it plans nothing.
                LOG.log(System.Logger.Level.WARNING, "Skipped feed event " + entry.id() + ": " + e.getMessage());
                continue;
            }
            UUID member = entry.memberId() == null ? null : UUID.fromString(entry.memberId());
            occasions.welcome(event, member, entry.at(), now).ifPresent(messages::plan);
            Optional<LoyaltyEvent.PurchaseRecorded> purchase = occasions.mayWantReceipt(event, member, entry.at(), now);
            if (purchase.isPresent()) {
                MemberView view = core.get().member(member);
                if (view.email() != null) {
                    occasions.receipt(member, purchase.get(), view.tags(), program.current().currency(), now)
                            .ifPresent(messages::plan);
                }
            }
        }
        if (page.next() != null && !page.next().equals(position)) {
            positions.keep(CONSUMER, page.next(), now);
        }
        return page.events().size() == PAGE;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
