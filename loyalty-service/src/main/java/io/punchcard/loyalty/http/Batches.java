package io.punchcard.loyalty.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.punchcard.api.Problem;
import io.punchcard.loyalty.program.Violation;
import io.punchcard.platform.http.ProblemException;

/**
 * What the batch routes share: the shape a batch must have to be read at all, and problems that name the item
 * they are about ({@code items[3].memberId}).
 */
final class Batches {

    private Batches() {
    }

    /**
     * The items of a batch that holds 1 to {@code max} of them, none lacking a field it cannot be without;
     * otherwise a 400 naming every such field by its path in the body.
     *
     * @param field   the list's name in the body
     * @param missing the absent required fields of one item, by their names in it
     */
    static <T> List<T> wellFormed(List<T> items, String field, int max, Function<T, List<Violation>> missing) {
        if (items == null || items.isEmpty() || items.size() > max) {
            throw ProblemException.invalidField(field, "A batch holds 1 to " + max + " " + field + ".");
        }
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String prefix = field + "[" + i + "]";
            missing.apply(items.get(i)).forEach(v -> violations.add(new Violation(
                    v.field().isEmpty() ? prefix : prefix + "." + v.field(), v.message())));
        }
        if (!violations.isEmpty()) {
            throw Requests.invalid(violations);
        }
        return items;
    }

    /** {@code problem} about the item at {@code prefix} ({@code items[3]}): its fields named from the body's top. */
    static Problem prefixed(Problem problem, String prefix) {
        List<Problem.FieldError> errors = problem.errors() == null ? null : problem.errors().stream()
                .map(e -> new Problem.FieldError(prefix + "." + e.field(), e.detail())).toList();
        return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(),
                problem.field() == null ? prefix : prefix + "." + problem.field(), null, errors);
    }

    /** The single route's {@code problem}, naming the item's {@code field} (a path parameter there is a field here). */
    static Problem naming(Problem problem, String field) {
        return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), field, null,
                problem.errors());
    }
}
