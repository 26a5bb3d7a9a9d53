package io.punchcard.loyalty.member;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Violation;
import io.punchcard.loyalty.search.Cursor;
import io.punchcard.loyalty.search.Parameters;

/**
 * Which active members to list: every filter optional, all of them applied together.
 *
 * @param name   part of the name, any case ({@code silva} finds Ana Silva)
 * @param tier   the tier's code
 * @param store  the store they joined at or prefer
 * @param joined when they joined
 * @param after  where the page starts, null for the first
 * @param limit  rows on the page
 * @param scope  the stores whose members alone the caller may see (joined, prefer or bought at one: {@link
 *               io.punchcard.loyalty.access.StoreScope}); empty for every member
 */
public record MemberQuery(String name, String tier, String store, Parameters.Period joined, Cursor after, int limit,
                          List<String> scope) {

    public MemberQuery {
        scope = List.copyOf(scope);
    }

    /** The same filters, restricted to the members of {@code stores}. */
    public MemberQuery within(List<String> stores) {
        return new MemberQuery(name, tier, store, joined, after, limit, stores);
    }

    /** The query a request's parameters make, or what is wrong with them. */
    public static Checked<MemberQuery> of(Function<String, Optional<String>> raw) {
        List<Violation> violations = new ArrayList<>();
        Parameters parameters = new Parameters(raw, violations);
        String name = parameters.text("name");
        String tier = parameters.text("tier");
        String store = parameters.text("store");
        Parameters.Period joined = parameters.period("joinedFrom", "joinedTo");
        Cursor after = parameters.after();
        int limit = parameters.limit();
        return Checked.of(violations, () -> new MemberQuery(name == null ? null : name.strip(), tier, store, joined,
                after, limit, List.of()));
    }
}
