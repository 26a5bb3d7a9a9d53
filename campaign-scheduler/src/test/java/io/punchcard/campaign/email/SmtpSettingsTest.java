package io.punchcard.campaign.email;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpSettingsTest {

    private static SmtpSettings read(Map<String, String> keys) {
        return SmtpSettings.from(key -> Optional.ofNullable(keys.get(key)));
    }

    private static String refusal(Map<String, String> keys) {
        return assertThrows(IllegalArgumentException.class, () -> read(keys)).getMessage();
    }

    @Test
    void aHostAndAFromAddressAreEnoughAndTheRestHasSafeDefaults() {
        SmtpSettings settings = read(Map.of("host", "smtp.example.com", "from", "Punchcard <loyalty@shop.example.com>"));

        assertEquals(SmtpSettings.Security.STARTTLS, settings.security());
        assertEquals(587, settings.port());
        assertNull(settings.username());
        assertEquals("shop.example.com", settings.messageIdDomain());
        assertEquals("Punchcard", settings.fromAddress().getPersonal());
        assertEquals("loyalty@shop.example.com", settings.fromAddress().getAddress());
        assertEquals(10_000, settings.connectTimeoutMillis());
        assertEquals(60_000, settings.timeoutMillis());
        assertEquals(List.of(), settings.trustedHosts());
        assertEquals(4, settings.connections());
    }

    @Test
    void everyKeyIsRead() {
        SmtpSettings settings = read(Map.ofEntries(
                Map.entry("host", "relay.local"), Map.entry("port", "2465"), Map.entry("security", "tls"),
                Map.entry("username", "relay"), Map.entry("password", " s3cret "),
                Map.entry("from", "Loja <ola@loja.example>"), Map.entry("message-id-domain", "mail.loja.example"),
                Map.entry("connect-timeout-millis", "1500"), Map.entry("timeout-millis", "9000"),
                Map.entry("trusted-hosts", "relay.local, 10.0.0.5"), Map.entry("connections", "8")));

        assertEquals(new SmtpSettings("relay.local", 2465, SmtpSettings.Security.TLS, "relay", " s3cret ",
                "Loja <ola@loja.example>", "mail.loja.example", 1500, 9000, List.of("relay.local", "10.0.0.5"), 8), settings);
    }

    @Test
    void thePortFollowsTheSecurityUnlessGiven() {
        assertEquals(465, read(Map.of("host", "h", "from", "a@b.example", "security", "TLS")).port());
        assertEquals(25, read(Map.of("host", "h", "from", "a@b.example", "security", "NONE")).port());
    }

    @Test
    void refusalsNameTheKeyToFix() {
        assertTrue(refusal(Map.of("from", "a@b.example")).startsWith("smtp.host is required"));
        assertTrue(refusal(Map.of("host", "h")).startsWith("smtp.from is required"));
        assertTrue(refusal(Map.of("host", "h", "from", "not an address")).startsWith("smtp.from 'not an address'"));
        assertTrue(refusal(Map.of("host", "h", "from", "a@b.example", "security", "SSL")).startsWith("smtp.security 'SSL'"));
        assertTrue(refusal(Map.of("host", "h", "from", "a@b.example", "port", "70000")).startsWith("smtp.port 70000"));
        assertTrue(refusal(Map.of("host", "h", "from", "a@b.example", "port", "x")).startsWith("smtp.port 'x'"));
        assertTrue(refusal(Map.of("host", "h", "from", "a@b.example", "username", "u")).startsWith("smtp.username is set"));
        assertTrue(refusal(Map.of("host", "h", "from", "a@b.example", "password", "p")).startsWith("smtp.password is set"));
        assertTrue(refusal(Map.of("host", "h", "from", "a@b.example", "connections", "0")).startsWith("smtp.connections 0"));
        assertTrue(refusal(Map.of("host", "h", "from", "a@b.example", "timeout-millis", "0")).startsWith("smtp.timeout-millis 0"));
        assertTrue(refusal(Map.of("host", "h", "from", "a@b.example", "message-id-domain", "a b"))
                .startsWith("smtp.message-id-domain 'a b'"));
    }

    @Test
    void thePasswordStaysOutOfLogs() {
        SmtpSettings settings = read(Map.of("host", "h", "from", "a@b.example", "username", "u", "password", "hunter2"));
        assertFalse(settings.toString().contains("hunter2"), settings.toString());
    }
}
