package io.punchcard.campaign.sms;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.junit.jupiter.api.Test;

import io.punchcard.platform.StartupException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmsGatewaySettingsTest {

    @Test
    void readsEveryKey() {
        SmsGatewaySettings settings = SmsGatewaySettings.from(node(Map.of(
                "url", "https://sms.example/v1/messages",
                "auth-header-name", "X-Api-Key",
                "auth-header-value", "k-123",
                "sender-id", "+4930123456",
                "connect-timeout-millis", "1500",
                "timeout-millis", "4000")));

        assertEquals(new SmsGatewaySettings(URI.create("https://sms.example/v1/messages"), "X-Api-Key", "k-123",
                "+4930123456", 1_500, 4_000), settings);
    }

    @Test
    void aCredentialWithoutAHeaderNameGoesInAuthorizationAndTimeoutsHaveDefaults() {
        SmsGatewaySettings settings = SmsGatewaySettings.from(node(Map.of(
                "url", "http://gateway:8080/send", "auth-header-value", "Bearer abc", "sender-id", "Punchcard")));

        assertEquals("Authorization", settings.authHeaderName());
        assertEquals(SmsGatewaySettings.DEFAULT_CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis());
        assertEquals(SmsGatewaySettings.DEFAULT_TIMEOUT_MILLIS, settings.timeoutMillis());
    }

    @Test
    void noCredentialAtAllIsAllowed() {
        SmsGatewaySettings settings = SmsGatewaySettings.from(node(Map.of(
                "url", "http://gateway:8080/send", "sender-id", "Punchcard")));

        assertEquals(null, settings.authHeaderName());
        assertEquals(null, settings.authHeaderValue());
    }

    @Test
    void eachWrongValueStopsTheStartNamingItsFullKey() {
        Map<String, String> good = Map.of("url", "https://sms.example/send", "sender-id", "Punchcard");
        assertRefused(without(good, "url"), "sms.gateway.url");
        assertRefused(with(good, "url", "ftp://sms.example/send"), "sms.gateway.url");
        assertRefused(with(good, "url", "https://user:pw@sms.example/send"), "sms.gateway.url");
        assertRefused(with(good, "url", "not a url"), "sms.gateway.url");
        assertRefused(without(good, "sender-id"), "sms.gateway.sender-id");
        assertRefused(with(good, "sender-id", "PunchcardLoyalty"), "sms.gateway.sender-id");
        assertRefused(with(good, "sender-id", "12345"), "sms.gateway.sender-id");
        assertRefused(with(good, "sender-id", "+49 30 123"), "sms.gateway.sender-id");
        assertRefused(with(good, "auth-header-name", "X-Api-Key"), "sms.gateway.auth-header-name");
        assertRefused(with(with(good, "auth-header-name", "Host"), "auth-header-value", "x"), "sms.gateway.auth-header-name");
        assertRefused(with(good, "auth-header-value", "Bearer a\nX-Evil: 1"), "sms.gateway.auth-header-value");
        assertRefused(with(good, "timeout-millis", "ten"), "sms.gateway.timeout-millis");
        assertRefused(with(good, "timeout-millis", "600000"), "sms.gateway.timeout-millis");
        assertRefused(with(good, "connect-timeout-millis", "0"), "sms.gateway.connect-timeout-millis");
        assertRefused(with(with(good, "connect-timeout-millis", "5000"), "timeout-millis", "5000"),
                "sms.gateway.connect-timeout-millis");
    }

    @Test
    void theCredentialIsNeverPrinted() {
        SmsGatewaySettings settings = new SmsGatewaySettings(URI.create("https://sms.example/send"), "Authorization",
                "Bearer top-secret", "Punchcard", 1_000, 5_000);

        assertFalse(settings.toString().contains("top-secret"), settings.toString());
        StartupException refused = assertThrows(StartupException.class, () -> SmsGatewaySettings.from(node(Map.of(
                "url", "https://sms.example/send", "sender-id", "Punchcard", "auth-header-value", "top-secret\u0001"))));
        assertFalse(refused.getMessage().contains("top-secret"), refused.getMessage());
    }

    private static void assertRefused(Map<String, String> keys, String fullKey) {
        StartupException refused = assertThrows(StartupException.class, () -> SmsGatewaySettings.from(node(keys)),
                keys.toString());
        assertTrue(refused.getMessage().startsWith(fullKey) || refused.getMessage().contains(fullKey),
                "'" + refused.getMessage() + "' names " + fullKey);
    }

    private static Config node(Map<String, String> keys) {
        Map<String, String> prefixed = new HashMap<>();
        keys.forEach((key, value) -> prefixed.put("sms.gateway." + key, value));
        return Config.just(ConfigSources.create(prefixed)).get("sms.gateway");
    }

    private static Map<String, String> with(Map<String, String> keys, String key, String value) {
        Map<String, String> copy = new HashMap<>(keys);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, String> without(Map<String, String> keys, String key) {
        Map<String, String> copy = new HashMap<>(keys);
        copy.remove(key);
        return copy;
    }
}
