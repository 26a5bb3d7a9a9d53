package io.punchcard.loyalty.program;

import java.util.List;

/** A request checked against the rules: either the value to act on, or everything wrong with it. */
public sealed interface Checked<T> permits Checked.Ok, Checked.Invalid {

    /** @param value the checked value */
    record Ok<T>(T value) implements Checked<T> {
    }

    /** @param violations what is wrong, each with its field */
    record Invalid<T>(List<Violation> violations) implements Checked<T> {
        public Invalid {
            violations = List.copyOf(violations);
        }
    }

    /** The outcome of {@code violations}: invalid when there are any, else {@code value}. */
    static <T> Checked<T> of(List<Violation> violations, java.util.function.Supplier<T> value) {
        return violations.isEmpty() ? new Ok<>(value.get()) : new Invalid<>(violations);
    }
}
