package io.punchcard.campaign.message;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A message a store manager writes once per language: a code that campaigns refer to, a channel, and one
 * {@link TemplateVariant} per language tag. The fallback language must have a variant, so every member gets
 * a message even when their own language has none.
 *
 * @param code             stable identifier, e.g. {@code birthday-voucher}
 * @param channel          e-mail or SMS
 * @param fallbackLanguage the BCP 47 tag used when neither the member's tag nor its language has a variant
 * @param variants         variants by BCP 47 tag ({@code de}, {@code pt-BR}); tags are normalised on creation
 */
public record MessageTemplate(String code, Channel channel, String fallbackLanguage, Map<String, TemplateVariant> variants) {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** More languages than any store serves; a limit so a stored template stays small. */
    public static final int MAX_VARIANTS = 50;

    public MessageTemplate {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code must be 1-64 lowercase letters, digits or '-'");
        }
        if (channel == null) {
            throw new IllegalArgumentException("channel is required");
        }
        if (variants == null || variants.isEmpty()) {
            throw new IllegalArgumentException("variants: at least one language is required");
        }
        if (variants.size() > MAX_VARIANTS) {
            throw new IllegalArgumentException("variants: at most " + MAX_VARIANTS + " languages");
        }
        Map<String, TemplateVariant> normalised = new TreeMap<>();
        variants.forEach((tag, variant) -> {
            String key = languageTag(tag, "variants");
            if (variant == null) {
                throw new IllegalArgumentException("variants." + key + " is empty");
            }
            checkParts(key, variant, channel);
            if (normalised.put(key, variant) != null) {
                throw new IllegalArgumentException("variants." + key + " is given twice");
            }
        });
        fallbackLanguage = languageTag(fallbackLanguage, "fallbackLanguage");
        if (!normalised.containsKey(fallbackLanguage)) {
            throw new IllegalArgumentException("fallbackLanguage " + fallbackLanguage + " has no variant");
        }
        variants = Map.copyOf(normalised);
    }

    private static void checkParts(String tag, TemplateVariant variant, Channel channel) {
        String field = "variants." + tag;
        switch (channel) {
            case EMAIL -> {
                if (variant.subject() == null || variant.subject().isBlank()) {
                    throw new IllegalArgumentException(field + ".subject is required for e-mail");
                }
                if (variant.htmlBody() == null || variant.htmlBody().isBlank()) {
                    throw new IllegalArgumentException(field + ".htmlBody is required for e-mail");
                }
            }
            case SMS -> {
                if (variant.subject() != null || variant.htmlBody() != null) {
                    throw new IllegalArgumentException(field + ": an SMS has a text body only");
                }
            }
        }
    }

    /** Normalises a BCP 47 tag ({@code pt_br} and {@code PT-br} become {@code pt-BR}); refuses what is not one. */
    static String languageTag(String tag, String field) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            throw new IllegalArgumentException(field + ": a language tag such as de or pt-BR is required");
        }
        Locale locale = Locale.forLanguageTag(tag.strip().replace('_', '-'));
        if (locale.getLanguage().isEmpty()) {
            throw new IllegalArgumentException(field + ": '" + tag + "' is not a language tag");
        }
        return locale.toLanguageTag();
    }
}
