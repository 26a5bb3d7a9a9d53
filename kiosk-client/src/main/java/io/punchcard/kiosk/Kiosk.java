package io.punchcard.kiosk;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.http.HttpRouting;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.kiosk.core.Catalogue;
import io.punchcard.kiosk.core.OneTimeCodes;
import io.punchcard.kiosk.web.Backend;
import io.punchcard.kiosk.web.Devices;
import io.punchcard.kiosk.web.KioskPages;
import io.punchcard.kiosk.web.Paths;
import io.punchcard.kiosk.web.Sessions;
import io.punchcard.kiosk.web.ShopperSession;
import io.punchcard.platform.ServerModule;
import io.punchcard.platform.StartupException;

/**
 * The shoppers' kiosk: its pages at {@code /kiosk}, the shoppers' sessions, and the kiosk's key to the core, which
 * stays on this server. Mounted by {@code app} beside the core, or served alone by {@link Main} against a core's
 * URL. Made in two steps, like the scheduler in the app: {@link #mount} before the server starts (its routes), then
 * {@link #connect} once the core answers; until then its pages say the kiosk is not ready.
 */
public final class Kiosk implements ServerModule, AutoCloseable {

    /** How often idle sessions are looked for: well inside the idle time's grace. */
    private static final Duration SWEEP = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(Kiosk.class.getName());

    private final KioskSettings settings;
    private final Clock clock;
    private final Sessions sessions;
    private final KioskPages pages;
    private final ScheduledExecutorService sweeper;
    private volatile Backend backend;

    private Kiosk(KioskSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.sessions = new Sessions(clock, settings.idle(), settings.warning(), this::endAtCore);
        this.pages = new KioskPages(settings, new Devices(settings.pairingSecret()), sessions, () -> backend, clock);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("kiosk-sessions")
                .factory());
        sweeper.scheduleWithFixedDelay(sessions::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The kiosk's routes, not yet talking to a core: {@link #connect} it once the core answers. */
    public static Kiosk mount(KioskSettings settings, Clock clock) {
        return new Kiosk(settings, clock);
    }

    /** The kiosk, talking to the core and scheduler its settings name. */
    public static Kiosk start(KioskSettings settings, Clock clock) {
        if (settings.coreUri() == null || settings.apiKey() == null || settings.apiKey().isBlank()) {
            throw new StartupException("Name the core and the kiosk's key: kiosk.core-url (KIOSK_CORE_dash_URL) and "
                    + "kiosk.api-key (KIOSK_API_dash_KEY, a KIOSK key made with './punchcard api-keys create NAME "
                    + "KIOSK').");
        }
        Kiosk kiosk = mount(settings, clock);
        kiosk.connect(settings.coreUri(), settings.apiKey(), settings.schedulerUri());
        return kiosk;
    }

    /**
     * Talks to the core at {@code core} with the KIOSK key {@code apiKey}, and to the scheduler at {@code scheduler}
     * for sign-in by phone (null: no sign-in by phone).
     */
    public void connect(URI core, String apiKey, URI scheduler) {
        // A shopper waits on every call: short timeouts, two tries of what may be repeated.
        PunchcardClient client = new PunchcardClient(new PunchcardClient.Settings(core, apiKey, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 2, Duration.ofMillis(100)));
        backend = new Backend(client, new Catalogue(client, settings.store(), clock),
                scheduler == null ? null : new OneTimeCodes(scheduler, apiKey));
    }

    public KioskSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "kiosk-client";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register(Paths.ROOT, pages);
    }

    @Override
    public List<Link> links() {
        return List.of();
    }

    /** A shopper's session ended here (done, idle, or the server stopping): the core's ends with it. */
    private void endAtCore(ShopperSession session) {
        Backend current = backend;
        String token = session.coreToken();
        if (current == null || token == null) {
            return;
        }
        Thread.ofVirtual().name("kiosk-session-end").start(() -> {
            try {
                current.core().inKioskSession(token).endKioskSession();
            } catch (RuntimeException e) {
                // The core ends an idle session by itself; this one lives until then.
                LOG.log(System.Logger.Level.DEBUG, "The core did not end a kiosk session: " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        sessions.endAll();
    }
}
