package io.punchcard.campaign.core;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.EventPage;
import io.punchcard.campaign.facts.Applied;

/**
 * Follows the core's events feed into the read model (consumer {@code facts}), and once a day, at the first poll
 * of a new day in the program's zone, rolls every member's windows forward. Any number of instances may run it:
 * the store applies a page only from the position it was read after.
 */
public final class FactsFollower implements AutoCloseable {

    /** Where the read model is kept. */
    public interface Store {
        Optional<String> position();

        /** Applies {@code page}, read after {@code from}, together with the new position. */
        PageOutcome apply(String from, EventPage page, ZoneId programZone);

        /** Moves the windows forward to {@code today}; returns how many members' windows were recomputed. */
        int roll(LocalDate today);
    }

    /** What became of a page. */
    public sealed interface PageOutcome {
        /** Applied, with what each event did. */
        record Taken(List<Applied> applied) implements PageOutcome {
        }

        /** Not applied: the position had moved (another instance took the page) and is now {@code position}. */
        record Moved(String position) implements PageOutcome {
        }
    }

    /** How it runs: how often it polls and how many events a page holds (at most the feed's 1000). */
    public record Settings(Duration every, int pageSize) {
        public Settings {
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("facts.poll-millis must be above 0");
            }
            if (pageSize < 1 || pageSize > 1000) {
                throw new IllegalArgumentException("facts.page-size must be from 1 to 1000");
            }
        }
    }

    private static final System.Logger LOG = System.getLogger(FactsFollower.class.getName());

    private final Supplier<PunchcardClient> core;
    private final Supplier<ZoneId> programZone;
    private final Store store;
    private final Clock clock;
    private final Settings settings;
    private final Thread thread;
    private volatile boolean running = true;
    private LocalDate rolledFor;

    public FactsFollower(Supplier<PunchcardClient> core, Supplier<ZoneId> programZone, Store store, Clock clock,
                         Settings settings) {
        this.core = core;
        this.programZone = programZone;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.thread = Thread.ofVirtual().name("facts-feed").unstarted(this::follow);
    }

    public FactsFollower start() {
        thread.start();
        return this;
    }

    private void follow() {
        while (running) {
            try {
                rollIfDue();
                while (running && followOnePage()) {
                    // More may be waiting right away.
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Read model not brought up to date this time: " + e.getMessage());
            }
            try {
                Thread.sleep(settings.every().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Rolls the windows at the first poll of each day; a day's roll run twice (another instance) changes nothing. */
    void rollIfDue() {
        LocalDate today = LocalDate.now(clock.withZone(programZone.get()));
        if (!today.equals(rolledFor)) {
            int recomputed = store.roll(today);
            rolledFor = today;
            LOG.log(System.Logger.Level.DEBUG, "Windows rolled to " + today + "; " + recomputed + " members recomputed");
        }
    }

    /** Reads and applies one page; true when there may be more right away. */
    boolean followOnePage() {
        String from = store.position().orElse(null);
        EventPage page = core.get().events(from, settings.pageSize());
        if (page.events().isEmpty()) {
            return false;
        }
        return switch (store.apply(from, page, programZone.get())) {
            case PageOutcome.Taken taken -> page.events().size() == settings.pageSize();
            // Another instance took it: read on from where it left the position.
            case PageOutcome.Moved moved -> true;
        };
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
