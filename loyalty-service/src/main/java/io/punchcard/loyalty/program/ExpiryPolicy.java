package io.punchcard.loyalty.program;

import java.util.List;

/**
 * How long a lot of earned points lives, counted from when it was earned.
 *
 * @param months months until a lot expires (default 12)
 */
public record ExpiryPolicy(int months) {

    void validate(String path, List<Violation> violations) {
        if (months < 1 || months > 120) {
            violations.add(new Violation(path + ".months", "must be between 1 and 120"));
        }
    }
}
