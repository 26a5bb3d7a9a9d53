package io.punchcard.platform;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.health.HealthCheck;
import io.helidon.http.media.MediaContext;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import io.punchcard.api.Json;
import io.punchcard.platform.http.JacksonMediaSupport;
import io.punchcard.platform.http.ProblemDirectHandler;
import io.punchcard.platform.http.Problems;
import io.punchcard.platform.http.RequestParameters;

/**
 * Builds and starts the Helidon web server the same way for every Punchcard server: Jackson JSON,
 * problem+json errors, health and metrics under {@code /observe}, the OpenAPI document at {@code /openapi},
 * and the modules' routes. The caller owns shutdown (no Helidon shutdown hook), so it can stop the server
 * before the stores it depends on.
 */
public final class PunchcardServer {

    /** Request bodies above this are refused with 413 unless {@code server.max-payload-size} says otherwise. */
    public static final long DEFAULT_MAX_PAYLOAD_BYTES = 5L * 1024 * 1024;

    private PunchcardServer() {
    }

    /**
     * Starts a server.
     *
     * @param config      the root configuration ({@code server}, {@code openapi} are read)
     * @param modules     the modules to mount
     * @param storeChecks health checks of the stores the modules use
     * @throws StartupException when the port is taken
     */
    public static WebServer start(Config config, List<? extends ServerModule> modules, List<HealthCheck> storeChecks) {
        List<HealthCheck> checks = new ArrayList<>(storeChecks);
        modules.forEach(module -> checks.addAll(module.healthChecks()));

        Config serverConfig = config.get("server");
        int port = serverConfig.get("port").asInt().orElse(8080);
        String host = serverConfig.get("host").asString().orElse("0.0.0.0");
        requirePortFree(host, port);
        var builder = WebServer.builder().config(serverConfig);
        if (!serverConfig.get("max-payload-size").exists()) {
            // Unlimited bodies are Helidon's default; ours is a limit everywhere, configured or not.
            builder.maxPayloadSize(DEFAULT_MAX_PAYLOAD_BYTES);
        }
        WebServer server = builder
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .directHandlers(ProblemDirectHandler.all())
                .mediaContext(MediaContext.builder()
                        .addMediaSupport(JacksonMediaSupport.create(Json.mapper()))
                        .build())
                .addFeature(ObserveFeature.just(
                        HealthObserver.builder().details(true).addChecks(checks.toArray(HealthCheck[]::new)).build(),
                        MetricsObserver.create()))
                .addFeature(OpenApiFeature.create(config.get("openapi")))
                .routing(routing -> routing(routing, modules))
                .build();
        server.start();
        if (!server.isRunning()) {
            // Helidon logs a failed bind and returns a stopped server rather than throwing; the port was
            // free a moment ago, so someone took it in between.
            throw portInUse(host, port, null);
        }
        return server;
    }

    /**
     * Fails in one line when the configured port is taken; call it before starting anything slow, so a
     * taken port costs nothing.
     */
    public static void requirePortFree(Config serverConfig) {
        requirePortFree(serverConfig.get("host").asString().orElse("0.0.0.0"),
                serverConfig.get("port").asInt().orElse(8080));
    }

    /** Helidon reports a taken port as a logged stack trace; we say it in one line before trying. */
    private static void requirePortFree(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new StartupException("server.port " + port + " is not a port: use 1 to 65535, or 0 for any free one.");
        }
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw portInUse(host, port, e);
        } catch (IOException e) {
            throw new StartupException("Cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): check server.host and server.port (SERVER_HOST, SERVER_PORT).", e);
        }
    }

    private static StartupException portInUse(String host, int port, Exception cause) {
        return new StartupException("Port " + port + " on " + host + " is already in use: stop the program "
                + "that holds it, or choose another port with server.port (SERVER_PORT).", cause);
    }

    /**
     * Runs a module that needs no store of its own as a server by itself: reads {@code <module name>.yaml}
     * from the class path, overridden by system properties and the environment, serves, and stops cleanly
     * on SIGTERM.
     */
    public static void runAlone(ServerModule module) {
        Launcher.launch(module.name(), () -> {
            Config config = configuration(module.name() + ".yaml");
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            WebServer server = start(config, List.of(module), List.of());
            lifecycle.add("web server", server::stop);
            System.out.println(module.name() + " is up: http://localhost:" + server.port()
                    + "  health: http://localhost:" + server.port() + "/observe/health");
        });
    }

    /**
     * A server's configuration: environment variables first ({@code SERVER_PORT} for {@code server.port}),
     * then system properties, then {@code file} from the class path. Each module names its file after
     * itself, so the modules' files do not shadow each other on the all-in-one app's class path.
     */
    public static Config configuration(String file) {
        return Config.create(ConfigSources.classpath(file));
    }

    private static void routing(HttpRouting.Builder routing, List<? extends ServerModule> modules) {
        Problems.register(routing);
        RequestParameters.register(routing);
        modules.forEach(module -> module.routing(routing));
    }
}
