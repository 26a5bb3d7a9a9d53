package io.punchcard.kiosk.web;

import java.util.Map;

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

    /** Where the switch's {@code back} leads: a screen of ours, never a path a link could make up. */
    static String back(String name) {
        return RETURNABLE.getOrDefault(name, ROOT + "/");
    }
}
