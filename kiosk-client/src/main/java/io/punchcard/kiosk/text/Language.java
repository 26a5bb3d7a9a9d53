package io.punchcard.kiosk.text;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages the kiosk speaks: its screens' words, and the language a member signing up asks for. The tag is
 * what {@code <html lang>}, {@code hreflang} and the core's {@code language} carry.
 */
public enum Language {
    /** Numbers and dates as British English writes them (31 March): the day-month order most shoppers read. */
    EN("en", "English", "en-GB"),
    DE("de", "Deutsch", "de-DE"),
    ZH_HANS("zh-Hans", "简体中文", "zh-Hans-CN");

    private final String tag;
    private final String ownName;
    private final String formatTag;

    Language(String tag, String ownName, String formatTag) {
        this.tag = tag;
        this.ownName = ownName;
        this.formatTag = formatTag;
    }

    /** The IETF tag, e.g. {@code zh-Hans}. */
    public String tag() {
        return tag;
    }

    /** The language's name in itself, as the switch shows it. */
    public String ownName() {
        return ownName;
    }

    /** The locale numbers, money and dates are written in. */
    public Locale locale() {
        return Locale.forLanguageTag(formatTag);
    }

    /** The language of {@code tag} (exactly as {@link #tag()} writes it, case aside); empty for any other. */
    public static Optional<Language> of(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        for (Language language : values()) {
            if (language.tag.equalsIgnoreCase(tag.strip())) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
