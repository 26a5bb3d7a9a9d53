package io.punchcard.kiosk.text;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages the kiosk speaks: its screens' words, and the language a member signing up asks for. The tag is
 * what {@code <html lang>}, {@code hreflang} and the core's {@code language} carry.
 */
public enum Language {
    EN("en", "English"),
    DE("de", "Deutsch"),
    ZH_HANS("zh-Hans", "简体中文");

    private final String tag;
    private final String ownName;

    Language(String tag, String ownName) {
        this.tag = tag;
        this.ownName = ownName;
    }

    /** The IETF tag, e.g. {@code zh-Hans}. */
    public String tag() {
        return tag;
    }

    /** The language's name in itself, as the switch shows it. */
    public String ownName() {
        return ownName;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
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
