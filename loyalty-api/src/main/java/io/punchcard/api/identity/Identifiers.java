package io.punchcard.api.identity;

import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * Turns what people type into the one form an identifier is stored and found by, or says why it cannot.
 * Phones become E.164 through libphonenumber (numbers without a country code are read in the program's
 * region); e-mails are trimmed and lower-cased; card numbers lose spaces and dashes.
 */
public final class Identifiers {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern CARD = Pattern.compile("[A-Z0-9]{4,32}");
    private static final Pattern QR = Pattern.compile("[A-Z0-9]{16,64}");
    private static final Pattern EXTERNAL = Pattern.compile("[a-z][a-z0-9_-]{1,31}:[^\\s]{1,128}");

    private Identifiers() {
    }

    /** The outcome of normalising one identifier. */
    public sealed interface Normalised permits Valid, Invalid {
    }

    /** @param identifier the normalised identifier */
    public record Valid(Identifier identifier) implements Normalised {
    }

    /** @param reason why the input is not an identifier of its kind, for a person */
    public record Invalid(String reason) implements Normalised {
    }

    /** Normalises {@code raw} as an identifier of {@code kind}; {@code region} reads local phone numbers. */
    public static Normalised normalise(IdentifierKind kind, String raw, String region) {
        if (raw == null || raw.isBlank()) {
            return new Invalid("is empty");
        }
        String trimmed = raw.strip();
        return switch (kind) {
            case PHONE -> phone(trimmed, region);
            case EMAIL -> {
                String email = trimmed.toLowerCase(Locale.ROOT);
                yield email.length() <= 254 && EMAIL.matcher(email).matches()
                        ? new Valid(new Identifier(kind, email))
                        : new Invalid("'" + shorten(trimmed) + "' is not an e-mail address");
            }
            case CARD -> {
                String card = trimmed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
                yield CARD.matcher(card).matches()
                        ? new Valid(new Identifier(kind, card))
                        : new Invalid("a card number has 4 to 32 letters and digits");
            }
            case QR -> {
                String token = trimmed.toUpperCase(Locale.ROOT);
                yield QR.matcher(token).matches()
                        ? new Valid(new Identifier(kind, token))
                        : new Invalid("is not a QR token of this program");
            }
            case EXTERNAL -> EXTERNAL.matcher(trimmed).matches()
                    ? new Valid(new Identifier(kind, trimmed))
                    : new Invalid("an external id is written channel:id, e.g. shopify:207119551");
        };
    }

    /**
     * Phones read lately, by region and what was typed: libphonenumber's parse and validation showed in the
     * identify profile (bench --only=identify), and a till scans the same regulars' numbers all day. Bounded;
     * emptied when full.
     */
    private static final int PHONES_REMEMBERED = 20_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, Normalised> READ_PHONES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Normalised phone(String raw, String region) {
        String key = region + "\u0000" + raw;
        Normalised known = READ_PHONES.get(key);
        if (known != null) {
            return known;
        }
        Normalised read = parsePhone(raw, region);
        if (READ_PHONES.size() >= PHONES_REMEMBERED) {
            READ_PHONES.clear();
        }
        READ_PHONES.put(key, read);
        return read;
    }

    private static Normalised parsePhone(String raw, String region) {
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(raw, region);
            if (!PHONES.isValidNumber(number)) {
                return new Invalid("'" + shorten(raw) + "' is not a valid phone number");
            }
            return new Valid(new Identifier(IdentifierKind.PHONE, PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)));
        } catch (NumberParseException e) {
            return new Invalid("'" + shorten(raw) + "' is not a phone number");
        }
    }

    private static String shorten(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "…";
    }
}
