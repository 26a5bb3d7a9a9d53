package io.punchcard.console;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.http.HttpRouting;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.console.web.ConsolePages;
import io.punchcard.console.web.ConsoleSession;
import io.punchcard.console.web.MemberMessages;
import io.punchcard.console.web.Paths;
import io.punchcard.console.web.Scheduler;
import io.punchcard.console.web.Sessions;
import io.punchcard.platform.ServerModule;
import io.punchcard.platform.StartupException;

/**
 * The manager console: its pages at {@code /console}, the staff's sessions, and the console's CONSOLE key to the
 * core, which stays on this server. Mounted by {@code app} beside the core, or served alone by {@link Main} against a
 * core's URL. Made in two steps like the kiosk: {@link #mount} before the server starts (its routes), then
 * {@link #connect} once the core answers; until then its pages say the console is not ready.
 */
public final class Console implements ServerModule, AutoCloseable {

    /** How often ended sessions are looked for: their tokens are forgotten within this of the core's end. */
    private static final Duration SWEEP = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(Console.class.getName());

    private final Sessions sessions;
    private final ConsolePages pages;
    private final ScheduledExecutorService sweeper;
    private volatile PunchcardClient core;
    private volatile MemberMessages messages;
    private volatile Scheduler scheduler;

    private Console(ConsoleSettings settings, Clock clock) {
        this.sessions = new Sessions(clock, this::endAtCore);
        this.pages = new ConsolePages(settings, sessions, () -> core, () -> messages, () -> scheduler, clock);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("console-sessions")
                .factory());
        sweeper.scheduleWithFixedDelay(sessions::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The console's routes, not yet talking to a core: {@link #connect} it once the core answers. */
    public static Console mount(ConsoleSettings settings, Clock clock) {
        return new Console(settings, clock);
    }

    /** The console, talking to the core its settings name. */
    public static Console start(ConsoleSettings settings, Clock clock) {
        if (settings.coreUri() == null || settings.apiKey() == null) {
            throw new StartupException("Name the core and the console's key: console.core-url (CONSOLE_CORE_dash_URL) "
                    + "and console.api-key (CONSOLE_API_dash_KEY, a CONSOLE key made with './punchcard api-keys create "
                    + "NAME CONSOLE').");
        }
        Console console = mount(settings, clock);
        console.connect(settings.coreUri(), settings.schedulerUri(), settings.apiKey());
        return console;
    }

    /**
     * Talks to the core at {@code core} with the CONSOLE key {@code apiKey}, and to the campaign scheduler at the same
     * address (the all-in-one app serves both).
     */
    public void connect(URI coreUri, String apiKey) {
        connect(coreUri, null, apiKey);
    }

    /** Talks to the core and the campaign scheduler ({@code schedulerUri}; null: the core's address) with the key. */
    public void connect(URI coreUri, URI schedulerUri, String apiKey) {
        // A person waits on every call; exports page through the core and so need the longer answer time.
        core = new PunchcardClient(new PunchcardClient.Settings(coreUri, apiKey, Duration.ofSeconds(2),
                Duration.ofSeconds(15), 2, Duration.ofMillis(100)));
        scheduler = new Scheduler(schedulerUri == null ? coreUri : schedulerUri, apiKey);
        messages = new MemberMessages(scheduler);
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register(Paths.ROOT, pages);
    }

    @Override
    public List<Link> links() {
        return List.of(new Link("Console", Paths.ROOT + "/"));
    }

    /** A session ended here (logged out, idle, or the server stopping): the core's ends with it. */
    private void endAtCore(ConsoleSession session) {
        PunchcardClient current = core;
        if (current == null) {
            return;
        }
        Thread.ofVirtual().name("console-session-end").start(() -> {
            try {
                current.inStaffSession(session.coreToken()).endStaffSession();
            } catch (RuntimeException e) {
                // The core ends an idle session by itself; this one lives until then.
                LOG.log(System.Logger.Level.DEBUG, "The core did not end a staff session: " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        sessions.endAll();
    }
}
