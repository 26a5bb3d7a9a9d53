package io.punchcard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.api.Json;
import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.ServerModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each module that needs no store serves alone, as its Main runs it, and answers health (the POS and storefront
 * connectors, which need a core, are run alone by their own tests).
 */
class ModulesAloneIT {

    static Stream<ServerModule> modules() {
        return Stream.of(new CampaignScheduler());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void startsAloneAndAnswersHealth(ServerModule module) throws Exception {
        Config config = Config.just(ConfigSources.create(Map.of("server.port", "0", "server.host", "127.0.0.1")));
        WebServer server = PunchcardServer.start(config, List.of(module), List.of());
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), module.name() + ": " + response.body());
            assertEquals("UP", Json.mapper().readTree(response.body()).get("status").asText());
        } finally {
            server.stop();
        }
    }
}
