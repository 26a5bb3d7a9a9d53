package io.punchcard.console.web;

import io.punchcard.console.staff.Section;

/** The console's paths, all under {@link #ROOT}: the all-in-one app and the console's own server mount it there. */
public final class Paths {

    /** Where the console is mounted. */
    public static final String ROOT = "/console";
    public static final String LOGIN = ROOT + "/login";
    public static final String PASSWORD = ROOT + "/password";

    private Paths() {
    }

    /** The absolute path of {@code section}'s page. */
    public static String of(Section section) {
        return section == Section.DASHBOARD ? ROOT + "/" : ROOT + section.path();
    }
}
