package io.punchcard.kiosk.web;

import java.util.List;

import io.punchcard.kiosk.text.Language;
import io.punchcard.kiosk.text.Messages;

/**
 * What every kiosk page shows whatever its screen: the language and its switch, the form token, whether the idle
 * sign-out watches it, and the words. The templates take it as their first parameter.
 *
 * @param language       the page's language
 * @param messages       the kiosk's words
 * @param screen         the screen's name ({@code data-screen}), also the key of its title
 * @param csrf           the token every form of the page carries as {@code _csrf}
 * @param personal       whether it shows a shopper's data (then it has a "done" button)
 * @param idleWatch      whether the idle countdown runs on it (a shopper is or may be in the middle of something)
 * @param idleSeconds    seconds without a touch before the warning
 * @param warningSeconds seconds the warning counts down
 * @param phoneEnabled   whether sign-in by phone is offered (a scheduler is configured)
 * @param here           the path the language switch returns to
 */
public record Page(Language language, Messages messages, String screen, String csrf, boolean personal,
                   boolean idleWatch, long idleSeconds, long warningSeconds, boolean phoneEnabled, String here) {

    /** The words of {@code key} in the page's language. */
    public String t(String key, Object... arguments) {
        return messages.text(language, key, arguments);
    }

    /** The languages of the switch. */
    public List<Language> languages() {
        return List.of(Language.values());
    }

    /** The switch's link to {@code other}: the same screen, in it. */
    public String languageHref(Language other) {
        return Paths.ROOT + "/language?to=" + other.tag() + "&back=" + here;
    }
}
