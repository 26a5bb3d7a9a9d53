package io.punchcard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.punchcard.testsupport.Await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With an SMTP server and an SMS gateway configured, the app's messages go to them, and none of the zero-config
 * stand-ins exists: no /mail page, no SMS log, no gateway route, no banner line about them.
 */
class ConfiguredMessagesIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void theWelcomeEmailGoesToTheConfiguredServerAndNoStandInRuns() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", "smtp")}));
        smtp.start();
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(Map.ofEntries(
                Map.entry("data.dir", folder.toString()), Map.entry("pos.enabled", "false"),
                Map.entry("storefront.enabled", "false"), Map.entry("messages.feed-poll-millis", "100"),
                Map.entry("messages.rules.quiet-hours.start", "00:00"), Map.entry("messages.rules.quiet-hours.end", "00:00"),
                Map.entry("messages.email.smtp.host", "127.0.0.1"),
                Map.entry("messages.email.smtp.port", Integer.toString(smtp.getSmtp().getPort())),
                Map.entry("messages.email.smtp.security", "NONE"),
                Map.entry("messages.email.smtp.from", "Shop <loyalty@shop.example>"),
                Map.entry("messages.sms.gateway.url", "http://127.0.0.1:9/send"),
                Map.entry("messages.sms.gateway.sender-id", "Shop"))))) {
            String banner = String.join("\n", app.banner());
            assertFalse(banner.contains("Mail ") || banner.contains("SMS log"), banner);
            String admin = DemoStoreIT.find(banner, "Demo key\\s+(pk_\\S+)");
            String core = "http://localhost:" + app.port();

            DemoStoreIT.call(core + "/api/v1/members", admin, Map.of("givenName", "Ada", "familyName", "Lovelace",
                    "email", "ada@example.com", "joinChannel", "KIOSK",
                    "consents", Map.of("email", Map.of("granted", true, "source", "kiosk"))), 201);

            MimeMessage welcome = Await.value(() -> Arrays.stream(smtp.getReceivedMessages()).findFirst().orElse(null),
                    Duration.ofSeconds(20), "the welcome e-mail at the configured SMTP server");
            assertEquals("Welcome, Ada!", welcome.getSubject());
            assertEquals("Shop <loyalty@shop.example>", welcome.getFrom()[0].toString());
            assertEquals(404, status("GET", core + "/mail"));
            assertEquals(404, status("POST", core + SmsLog.PATH));
            assertFalse(Files.exists(folder.resolve("mail")) || Files.exists(folder.resolve("sms.log")));
        } finally {
            smtp.stop();
        }
    }

    private static int status(String method, String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
