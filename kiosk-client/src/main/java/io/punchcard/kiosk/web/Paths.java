package io.punchcard.kiosk.web;

import java.util.Map;
import java.util.regex.Pattern;

/** The kiosk's paths, all under {@link #ROOT}: the all-in-one app and the kiosk's own server mount it there. */
public final class Paths {

    /** Where the kiosk is mounted. */
    public static final String ROOT = "/kiosk";

    /** The screens a language switch may return to, by the name the switch carries; any other name is the start. */
    static final Map<String, String> RETURNABLE = Map.of(
            "start", ROOT + "/",
            "phone", ROOT + "/phone",
            "code", ROOT + "/code",
            "signup", ROOT + "/signup",
            "card", ROOT + "/card",
            "home", ROOT + "/home");

    private Paths() {
    }

    /** The confirm screen's name for the language switch, before its reward's code (':' is refused in a query). */
    private static final String CONFIRM = "confirm-";
    /** A reward's code as it may stand in a path: anything else returns to the start. */
    private static final Pattern REWARD_CODE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

    /** The name the language switch carries on the confirm screen of {@code reward}. */
    static String confirming(String reward) {
        return REWARD_CODE.matcher(reward).matches() ? CONFIRM + reward : "start";
    }

    /** Where the switch's {@code back} leads: a screen of ours, never a path a link could make up. */
    static String back(String name) {
        if (name.startsWith(CONFIRM) && REWARD_CODE.matcher(name.substring(CONFIRM.length())).matches()) {
            return ROOT + "/rewards/" + name.substring(CONFIRM.length());
        }
        return RETURNABLE.getOrDefault(name, ROOT + "/");
    }
}
