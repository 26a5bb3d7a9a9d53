package io.punchcard.console.web;

import io.punchcard.api.Problem;
import io.punchcard.api.client.PunchcardException;

/** What the core's problem answers say, read the way the console's pages need it. */
public final class CoreProblems {

    private static final String TYPE_BASE = "https://punchcard.io/problems/";

    private CoreProblems() {
    }

    /** The problem's type without its base ({@code staff-locked}); empty when the core answered none. */
    public static String type(PunchcardException e) {
        Problem problem = e.problem();
        if (problem == null || problem.type() == null) {
            return "";
        }
        String type = problem.type().toString();
        return type.startsWith(TYPE_BASE) ? type.substring(TYPE_BASE.length()) : type;
    }

    /** The field the core blames (e.g. {@code stores[0]}); null when none. */
    public static String field(PunchcardException e) {
        return e.problem() == null ? null : e.problem().field();
    }

    /** The core's sentence for a person; a general one when it could not be reached. */
    public static String detail(PunchcardException e) {
        return e.problem() == null || e.problem().detail() == null
                ? "The loyalty core could not be reached." : e.problem().detail();
    }
}
