package io.punchcard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.punchcard.api.Json;
import io.punchcard.platform.PunchcardServer;

/** The zero-configuration run's SMS log takes the numbers the scheduler takes, no others. */
class SmsLogIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void aNumberTheSchedulerWouldRefuseIsRefusedHereToo() throws Exception {
        // Nothing listens on port 1: receipts are dropped, which this test does not look at.
        try (SmsLog log = new SmsLog(folder.resolve("sms.log"), "secret", URI.create("http://127.0.0.1:1/"),
                Clock.systemUTC())) {
            WebServer server = PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", "0",
                    "server.host", "127.0.0.1"))), List.of(log), List.of());
            try {
                URI gateway = URI.create("http://127.0.0.1:" + server.port() + SmsLog.PATH);
                String auth = log.gatewaySettings(gateway).get("sms.gateway.auth-header-value");

                int sevenDigits = send(gateway, auth, "+1234567");
                int eightDigits = send(gateway, auth, "+12345678");

                assertEquals(400, sevenDigits, "seven digits: not E.164 by the scheduler's rule");
                assertEquals(200, eightDigits);
            } finally {
                server.stop();
            }
        }
    }

    private static int send(URI gateway, String auth, String to) throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(gateway).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("to", to, "reference", "ref-1",
                        "text", "Hello")))).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode();
    }
}
