package io.punchcard.storefront.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.SafeText;

/** Reading a platform's JSON: each value by its path, so a missing or malformed one is named in the answer. */
final class Fields {

    private Fields() {
    }

    /** The node at {@code path} ({@code customer.id}), or a missing node. */
    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /**
     * The text at {@code path}, or empty when it is missing, null or blank. Every value the mapping takes passes
     * here, so this is where unsafe text (a NUL, a lone surrogate) in a field we use is refused by its path; the
     * same in a field we ignore is no reason to refuse a shop's webhook (see the README's "How strictly").
     */
    static Optional<String> text(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return Optional.empty();
        }
        String flaw = SafeText.flaw(node.asText());
        if (flaw != null) {
            throw BadPayload.field(path, path + " holds " + flaw);
        }
        String text = node.asText().strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    static String required(JsonNode root, String path) {
        return text(root, path).orElseThrow(() -> BadPayload.field(path, path + " is required"));
    }

    /** An id: a whole number or a short plain text ({@code 820982911946154508}). */
    static String id(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node.isNumber() && !(node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0)) {
            // The platforms number their ids with whole numbers of 64 bits; 10.7 or 30 digits is no id of theirs.
            throw BadPayload.field(path, path + " " + shorten(node.asText()) + " is not an id: a whole number is");
        }
        String id = required(root, path);
        if (!id.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw BadPayload.field(path, path + " '" + shorten(id) + "' is not an id");
        }
        return id;
    }

    static Optional<String> optionalId(JsonNode root, String path) {
        return text(root, path).filter(id -> !id.equals("0")).map(id -> id(root, path));
    }

    /** An amount in {@code currency}'s minor units: {@code "414.95"} → 41495. */
    static long money(JsonNode root, String path, String currency) {
        return money(required(root, path), path, currency);
    }

    static long money(String text, String path, String currency) {
        try {
            BigDecimal value = new BigDecimal(text);
            int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
            long minor = value.movePointRight(digits).setScale(0, RoundingMode.HALF_UP).longValueExact();
            // The core's limit on any amount.
            if (Math.abs(minor) > 1_000_000_000L) {
                throw BadPayload.field(path, path + " " + shorten(text) + " is out of range");
            }
            return minor;
        } catch (NumberFormatException | ArithmeticException e) {
            throw BadPayload.field(path, path + " '" + shorten(text) + "' is not an amount");
        }
    }

    /** A time with an offset ({@code 2021-12-31T19:00:00-05:00}), or without one read as UTC (WooCommerce's _gmt). */
    static Optional<Instant> time(JsonNode root, String path) {
        return text(root, path).map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw BadPayload.field(path, path + " '" + shorten(text) + "' is not a date and time");
                }
            }
        });
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
