package io.punchcard.kiosk.text;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every language has every sentence: a screen never shows a key, nor English amid German. */
class MessagesTest {

    @Test
    void everyLanguageHasExactlyEnglishsKeys() {
        Set<String> english = new TreeSet<>(Messages.bundled().keys(Language.EN));
        assertTrue(english.size() > 100, "the English file was read");
        for (Language language : Language.values()) {
            assertEquals(english, new TreeSet<>(Messages.bundled().keys(language)), language.tag());
        }
    }

    @Test
    void theConsentWordingIsTheShoppersLanguage() {
        assertTrue(Messages.bundled().text(Language.DE, "consent.email").startsWith("Ja, senden Sie mir"));
        assertTrue(Messages.bundled().text(Language.ZH_HANS, "consent.sms").contains("短信"));
    }
}
