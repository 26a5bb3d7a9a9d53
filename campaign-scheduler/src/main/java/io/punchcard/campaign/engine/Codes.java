package io.punchcard.campaign.engine;

import java.util.List;

import io.punchcard.api.Problem;

/** The codes campaigns name (their own, tiers, stores, templates, tags): short, printable, no spaces. */
final class Codes {

    private static final String CODE = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";

    private Codes() {
    }

    static boolean valid(String code) {
        return code != null && code.matches(CODE);
    }

    static void check(String path, List<String> codes, List<Problem.FieldError> problems) {
        for (int i = 0; i < codes.size(); i++) {
            if (!valid(codes.get(i))) {
                problems.add(new Problem.FieldError(path + "[" + i + "]",
                        "must be 1 to 64 letters, digits, '.', '_', ':' or '-'"));
            }
        }
    }
}
