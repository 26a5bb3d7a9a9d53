package io.punchcard.kiosk.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

import com.ibm.icu.text.MessageFormat;

/**
 * The kiosk's words in every {@link Language}, read from {@code /kiosk/i18n/messages_<tag>.properties} (UTF-8).
 * Every language has every key: {@code MessagesTest} holds them to English's keys, so a screen never shows a key.
 */
public final class Messages {

    private final Map<Language, Properties> texts = new EnumMap<>(Language.class);

    private Messages() {
        for (Language language : Language.values()) {
            texts.put(language, load(language));
        }
    }

    private static final Messages BUNDLED = new Messages();

    /** The words shipped with the kiosk. */
    public static Messages bundled() {
        return BUNDLED;
    }

    /** The text of {@code key} in {@code language}, with ICU {@code {0}} arguments filled in. */
    public String text(Language language, String key, Object... arguments) {
        String pattern = texts.get(language).getProperty(key);
        if (pattern == null) {
            pattern = texts.get(Language.EN).getProperty(key, key);
        }
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, language.locale()).format(arguments);
    }

    /** The keys of {@code language}'s file. */
    public java.util.Set<String> keys(Language language) {
        return texts.get(language).stringPropertyNames();
    }

    private static Properties load(Language language) {
        String name = "/kiosk/i18n/messages_" + language.tag() + ".properties";
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }
}
