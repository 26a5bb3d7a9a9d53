package io.punchcard.campaign.email;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The SMTP server campaigns send e-mail through, and how. Read by {@link #from(Function)} from these keys, under
 * the configuration node {@code smtp} (which messages name):
 * <ul>
 *   <li>{@code host}: the server, required;</li>
 *   <li>{@code security}: {@code NONE}, {@code STARTTLS} (default; the upgrade is required, never skipped) or
 *       {@code TLS} (implicit TLS, "SMTPS");</li>
 *   <li>{@code port}: default 465 with {@code TLS}, 587 with {@code STARTTLS}, 25 with {@code NONE};</li>
 *   <li>{@code username}, {@code password}: SMTP AUTH is used when a username is set, and then a password is
 *       required;</li>
 *   <li>{@code from}: the sender, with a display name: {@code Punchcard <loyalty@example.com>}; required;</li>
 *   <li>{@code message-id-domain}: the right-hand side of our Message-IDs and our EHLO name; default: the
 *       {@code from} address's domain;</li>
 *   <li>{@code connect-timeout-millis}: opening a connection, default 10000;</li>
 *   <li>{@code timeout-millis}: waiting for one reply or one write, default 60000;</li>
 *   <li>{@code trusted-hosts}: comma list of hosts whose certificate is trusted whatever it is (a local relay
 *       with a self-signed certificate); empty (default): the JDK's trust store and a host name check;</li>
 *   <li>{@code connections}: how many SMTP connections the sender may keep open, default 4.</li>
 * </ul>
 *
 * @param host                 the SMTP server
 * @param port                 its port
 * @param security             how the connection is encrypted
 * @param username             the SMTP AUTH user, or null to send without AUTH
 * @param password             the SMTP AUTH password; null exactly when {@code username} is
 * @param from                 the From header and envelope sender, e.g. {@code Punchcard <loyalty@example.com>}
 * @param messageIdDomain      the domain of our Message-IDs ({@code <reference@messageIdDomain>})
 * @param connectTimeoutMillis how long opening a connection may take
 * @param timeoutMillis        how long one reply or one write may take
 * @param trustedHosts         hosts trusted whatever their certificate; empty for the JDK's trust store
 * @param connections          the most connections open at once, which is also the most sends at once
 */
public record SmtpSettings(String host, int port, Security security, String username, String password, String from,
                           String messageIdDomain, int connectTimeoutMillis, int timeoutMillis,
                           List<String> trustedHosts, int connections) {

    /** How the connection to the server is encrypted. */
    public enum Security {
        /** Plain text: a relay on the same machine or network only. */
        NONE,
        /** Plain connection upgraded with STARTTLS; a server that does not offer it gets nothing. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS
    }

    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    /**
     * RFC 5321 lets a server take minutes over its final reply; a minute is enough for a relay, and a send that
     * waits longer holds a connection the other sends need.
     */
    public static final int DEFAULT_TIMEOUT_MILLIS = 60_000;
    public static final int DEFAULT_CONNECTIONS = 4;
    /** A relay limits connections per client; a few dozen is more than any of them allows. */
    public static final int MAX_CONNECTIONS = 32;

    /** A domain name, as RFC 5322 writes the right-hand side of a Message-ID (dot-atom). */
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63}){0,20}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]*_-]{1,255}");

    public SmtpSettings {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("smtp.host is required: a host name or IP address");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("smtp.port " + port + " is out of range: use 1 to 65535");
        }
        if (security == null) {
            throw new IllegalArgumentException("smtp.security is required: NONE, STARTTLS or TLS");
        }
        if (username != null && username.isBlank()) {
            username = null;
        }
        if (username == null && password != null) {
            throw new IllegalArgumentException("smtp.password is set but smtp.username is not: AUTH needs both");
        }
        if (username != null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("smtp.username is set, so smtp.password is required");
        }
        InternetAddress sender = parseFrom(from);
        if (messageIdDomain == null || messageIdDomain.isBlank()) {
            messageIdDomain = sender.getAddress().substring(sender.getAddress().lastIndexOf('@') + 1);
        }
        if (!DOMAIN.matcher(messageIdDomain).matches()) {
            throw new IllegalArgumentException("smtp.message-id-domain '" + messageIdDomain
                    + "' is not a domain name such as example.com");
        }
        checkRange("smtp.connect-timeout-millis", connectTimeoutMillis, 1, 300_000);
        checkRange("smtp.timeout-millis", timeoutMillis, 1, 600_000);
        checkRange("smtp.connections", connections, 1, MAX_CONNECTIONS);
        trustedHosts = trustedHosts == null ? List.of() : List.copyOf(trustedHosts);
        for (String trusted : trustedHosts) {
            if (!HOST.matcher(trusted).matches()) {
                throw new IllegalArgumentException("smtp.trusted-hosts: '" + trusted + "' is not a host name");
            }
        }
    }

    /**
     * Reads the keys listed above through {@code key}, which answers a key under the {@code smtp} node, or empty.
     * This package stays free of Helidon (the architecture rule); with a Helidon {@code Config} node:
     * {@code SmtpSettings.from(key -> node.get(key).asString().asOptional())}.
     *
     * @throws IllegalArgumentException naming the key that is missing or wrong
     */
    public static SmtpSettings from(Function<String, Optional<String>> key) {
        Function<String, Optional<String>> value = name -> key.apply(name).map(String::strip).filter(s -> !s.isEmpty());
        Security security = value.apply("security").map(text -> {
            try {
                return Security.valueOf(text.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("smtp.security '" + text + "' is not one of NONE, STARTTLS, TLS");
            }
        }).orElse(Security.STARTTLS);
        int defaultPort = switch (security) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case TLS -> 465;
        };
        List<String> trusted = value.apply("trusted-hosts")
                .map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        return new SmtpSettings(
                value.apply("host").orElse(null),
                intValue(value, "port", defaultPort),
                security,
                value.apply("username").orElse(null),
                // A password may begin or end with a space: it is taken as written.
                key.apply("password").filter(s -> !s.isEmpty()).orElse(null),
                value.apply("from").orElse(null),
                value.apply("message-id-domain").orElse(null),
                intValue(value, "connect-timeout-millis", DEFAULT_CONNECT_TIMEOUT_MILLIS),
                intValue(value, "timeout-millis", DEFAULT_TIMEOUT_MILLIS),
                trusted,
                intValue(value, "connections", DEFAULT_CONNECTIONS));
    }

    /** The From address with its display name; a new object each time, since InternetAddress is mutable. */
    public InternetAddress fromAddress() {
        return parseFrom(from);
    }

    /** Everything but the password, for logs. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", from=" + from + ", messageIdDomain="
                + messageIdDomain + ", connectTimeoutMillis=" + connectTimeoutMillis + ", timeoutMillis="
                + timeoutMillis + ", trustedHosts=" + trustedHosts + ", connections=" + connections + "]";
    }

    private static InternetAddress parseFrom(String from) {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("smtp.from is required, e.g. Punchcard <loyalty@example.com>");
        }
        try {
            InternetAddress address = new InternetAddress(from, true);
            if (address.isGroup() || address.getAddress().indexOf('@') < 1) {
                throw new AddressException("not a single address with a domain");
            }
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException("smtp.from '" + from
                    + "' is not an address such as Punchcard <loyalty@example.com>: " + e.getMessage());
        }
    }

    private static int intValue(Function<String, Optional<String>> value, String name, int fallback) {
        return value.apply(name).map(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("smtp." + name + " '" + text + "' is not a whole number");
            }
        }).orElse(fallback);
    }

    private static void checkRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " " + value + " is out of range: use " + min + " to " + max);
        }
    }
}
