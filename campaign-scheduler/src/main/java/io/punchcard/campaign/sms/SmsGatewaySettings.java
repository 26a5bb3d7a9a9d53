package io.punchcard.campaign.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;

import io.punchcard.platform.StartupException;

/**
 * Where and how {@link SmsGatewaySender} reaches the SMS gateway. Read from a configuration node, for example
 * {@code sms.gateway}, with these keys:
 * <ul>
 *   <li>{@code url}: the gateway's send endpoint, {@code http} or {@code https}; required</li>
 *   <li>{@code auth-header-name}: the header carrying the credential; {@code Authorization} when left out and
 *       {@code auth-header-value} is given</li>
 *   <li>{@code auth-header-value}: the credential, e.g. {@code Bearer 0123abcd}; leave out for a gateway that needs
 *       none (one on a private network)</li>
 *   <li>{@code sender-id}: the sender members see: an alphanumeric sender of 1 to 11 letters, digits and spaces
 *       with at least one letter (e.g. {@code Punchcard}), or an E.164 number ({@code +4915112345678}); required</li>
 *   <li>{@code connect-timeout-millis}: how long to wait for a connection; default 2000, at most 30000, and less
 *       than {@code timeout-millis}</li>
 *   <li>{@code timeout-millis}: how long a whole send may take, connection included; default 10000, at most 60000</li>
 * </ul>
 * The credential is a secret: set it from the environment, and note that {@link #toString()} leaves it out.
 *
 * @param url                  the gateway's send endpoint
 * @param authHeaderName       the credential's header, or null when {@code authHeaderValue} is null
 * @param authHeaderValue      the credential, or null for none
 * @param senderId             alphanumeric sender or E.164 number
 * @param connectTimeoutMillis connection timeout; less than {@code timeoutMillis}
 * @param timeoutMillis        the whole send's deadline
 */
public record SmsGatewaySettings(URI url, String authHeaderName, String authHeaderValue, String senderId,
                                 int connectTimeoutMillis, int timeoutMillis) {

    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
    /** A gateway slower than this to answer one message is down; waiting longer only stalls the dispatcher. */
    public static final int MAX_TIMEOUT_MILLIS = 60_000;
    public static final int MAX_CONNECT_TIMEOUT_MILLIS = 30_000;
    /** Below this, ordinary network jitter would turn healthy sends into timeouts. */
    public static final int MIN_TIMEOUT_MILLIS = 100;

    private static final int MAX_URL_CHARS = 2_000;
    private static final int MAX_AUTH_VALUE_CHARS = 4_096;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    /** Visible ASCII and blanks: a header value with a line break would smuggle in another header. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7E\\t]+");
    /** The JDK's client sets these itself and refuses them; the sender sets the content headers. */
    private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "content-type", "accept");
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    /** GSM alphanumeric senders hold 11 characters; an all-digit one would be read as a number by the network. */
    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");

    public SmsGatewaySettings {
        if (url == null) {
            throw new IllegalArgumentException("url is required: the gateway's send endpoint, e.g. https://sms.example/send");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("url '" + url + "' is not an http or https URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            // The JDK's client ignores credentials in a URL; silently sending none would surface as 401s much later.
            throw new IllegalArgumentException("url must not carry credentials; set auth-header-value instead");
        }
        if (url.getRawFragment() != null || url.toString().length() > MAX_URL_CHARS) {
            throw new IllegalArgumentException("url must have no #fragment and at most " + MAX_URL_CHARS + " characters");
        }
        if ((authHeaderName == null) != (authHeaderValue == null)) {
            throw new IllegalArgumentException("auth-header-name and auth-header-value go together: give both or neither");
        }
        if (authHeaderName != null) {
            if (!HEADER_NAME.matcher(authHeaderName).matches()
                    || RESERVED_HEADERS.contains(authHeaderName.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("auth-header-name '" + authHeaderName + "' is not a header a "
                        + "credential can travel in; use e.g. Authorization or X-Api-Key");
            }
            if (authHeaderValue.isBlank() || authHeaderValue.length() > MAX_AUTH_VALUE_CHARS
                    || !HEADER_VALUE.matcher(authHeaderValue).matches()) {
                // The value is a secret: the message never quotes it.
                throw new IllegalArgumentException("auth-header-value must be 1 to " + MAX_AUTH_VALUE_CHARS
                        + " visible ASCII characters, without line breaks");
            }
        }
        if (senderId == null || !(E164.matcher(senderId).matches() || ALPHANUMERIC_SENDER.matcher(senderId).matches())) {
            throw new IllegalArgumentException("sender-id '" + senderId + "' is neither an alphanumeric sender (1 to 11 "
                    + "letters, digits or spaces, at least one letter) nor an E.164 number such as +4915112345678");
        }
        if (timeoutMillis < MIN_TIMEOUT_MILLIS || timeoutMillis > MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("timeout-millis " + timeoutMillis + " is outside " + MIN_TIMEOUT_MILLIS
                    + " to " + MAX_TIMEOUT_MILLIS);
        }
        if (connectTimeoutMillis < MIN_TIMEOUT_MILLIS || connectTimeoutMillis > MAX_CONNECT_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("connect-timeout-millis " + connectTimeoutMillis + " is outside "
                    + MIN_TIMEOUT_MILLIS + " to " + MAX_CONNECT_TIMEOUT_MILLIS);
        }
        if (connectTimeoutMillis >= timeoutMillis) {
            // The deadline covers the connection: a connect that could outlast it would time out as "no answer",
            // which reads as "maybe sent" although nothing went out.
            throw new IllegalArgumentException("connect-timeout-millis (" + connectTimeoutMillis
                    + ") must be less than timeout-millis (" + timeoutMillis + ")");
        }
    }

    /**
     * Reads the keys listed above from {@code node}. A missing or wrong value stops the start with one line naming
     * the full key (a {@link StartupException}).
     */
    public static SmsGatewaySettings from(Config node) {
        String prefix = node.key().isRoot() ? "" : node.key() + ".";
        try {
            String url = text(node, "url");
            String authValue = text(node, "auth-header-value");
            String authName = text(node, "auth-header-name");
            if (authName == null && authValue != null) {
                authName = "Authorization";
            }
            return new SmsGatewaySettings(url == null ? null : uri(url), authName, authValue, text(node, "sender-id"),
                    number(node, "connect-timeout-millis", DEFAULT_CONNECT_TIMEOUT_MILLIS),
                    number(node, "timeout-millis", DEFAULT_TIMEOUT_MILLIS));
        } catch (IllegalArgumentException e) {
            throw new StartupException(prefix + e.getMessage());
        }
    }

    /** Leaves the credential out, so the settings can be logged. */
    @Override
    public String toString() {
        return "SmsGatewaySettings[url=" + url + ", authHeaderName=" + authHeaderName
                + ", authHeaderValue=" + (authHeaderValue == null ? "none" : "(secret)") + ", senderId=" + senderId
                + ", connectTimeoutMillis=" + connectTimeoutMillis + ", timeoutMillis=" + timeoutMillis + "]";
    }

    private static String text(Config node, String key) {
        return node.get(key).asString().map(String::strip).filter(value -> !value.isEmpty()).orElse(null);
    }

    private static int number(Config node, String key, int fallback) {
        try {
            return node.get(key).asInt().orElse(fallback);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(key + " '" + node.get(key).asString().orElse("") + "' is not a whole number");
        }
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url '" + text + "' is not a URL: " + e.getReason());
        }
    }
}
