package io.punchcard.loyalty.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.api.Problem;
import io.punchcard.api.v1.ProgramVersion;
import io.punchcard.api.v1.ProgramVersions;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.EarningRule;
import io.punchcard.loyalty.program.EarningRules;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.ProgramDiff;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Reward;
import io.punchcard.loyalty.program.Store;
import io.punchcard.loyalty.program.TierLadder;
import io.punchcard.loyalty.program.Violation;
import io.punchcard.loyalty.program.VoucherTemplate;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/**
 * {@code /api/v1/program}: the program in force; a new version replaces it after validation, whole or in parts
 * (a store, a voucher template, a reward, an earning rule, the earning section, the tiers).
 *
 * <p>Every answer carries the version as its {@code ETag} ({@code "7"}). A write with {@code If-Match} is refused
 * with 412 when another version was saved since, so two managers editing the same part never overwrite each other
 * unseen; a part written without it is applied to the latest version, leaving the other parts as they are. A
 * {@code GET} with {@code If-None-Match} naming the version in force is answered 304, which is how the connectors
 * look for a change every few seconds at no cost.
 *
 * <p>Violations of a part name fields of the request body ({@code timezone}); those elsewhere in the program name
 * their path in it ({@code rewards[2].voucherTemplate}).
 */
public final class ProgramService implements HttpService {

    private final Programs programs;

    public ProgramService(Programs programs) {
        this.programs = programs;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::get)
                .get("/versions", this::versions)
                .get("/versions/{version}", this::version)
                .put("/", this::save)
                .put("/earning", (req, res) -> section(req, res, EarningRules.class, "earning", Program::withEarning))
                .put("/tiers", (req, res) -> section(req, res, TierLadder.class, "tiers", Program::withTiers))
                .put("/earning/rules/{code}", (req, res) -> put(req, res, new Keyed<>(EarningRule.class, "earning.rules",
                        EarningRule::id, EarningRule::withId, p -> p.earning().rules(), Program::withEarningRule)))
                .delete("/earning/rules/{code}", (req, res) -> delete(req, res, "earning rule",
                        p -> p.earning().rules().stream().map(EarningRule::id).toList(), Program::withoutEarningRule))
                .put("/stores/{code}", (req, res) -> put(req, res, new Keyed<>(Store.class, "stores",
                        Store::code, Store::withCode, Program::stores, Program::withStore)))
                .put("/templates/{code}", (req, res) -> put(req, res, new Keyed<>(VoucherTemplate.class,
                        "voucherTemplates", VoucherTemplate::code, VoucherTemplate::withCode, Program::voucherTemplates,
                        Program::withVoucherTemplate)))
                .delete("/templates/{code}", (req, res) -> delete(req, res, "voucher template",
                        p -> p.voucherTemplates().stream().map(VoucherTemplate::code).toList(),
                        Program::withoutVoucherTemplate))
                .put("/rewards/{code}", (req, res) -> put(req, res, new Keyed<>(Reward.class, "rewards",
                        Reward::code, Reward::withCode, Program::rewards, Program::withReward)))
                .delete("/rewards/{code}", (req, res) -> delete(req, res, "reward",
                        p -> p.rewards().stream().map(Reward::code).toList(), Program::withoutReward));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Programs.Versioned current = programs.current();
        String etag = etag(current.version());
        res.header(HeaderNames.ETAG, etag);
        boolean unchanged = req.headers().first(HeaderNames.IF_NONE_MATCH)
                .map(header -> List.of(header.split(",")).stream().map(String::strip)
                        .anyMatch(tag -> tag.equals(etag) || tag.equals("W/" + etag) || tag.equals("*")))
                .orElse(false);
        if (unchanged) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.send(current);
    }

    /** The saved versions, newest first: {@code before} a version (the previous page's {@code next}), {@code limit}. */
    private void versions(ServerRequest req, ServerResponse res) {
        long before = Requests.number(req, "before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        int limit = (int) Requests.number(req, "limit", 50, 1, 200);
        List<Programs.Stamp> page = programs.history((int) before, limit + 1);
        List<ProgramVersions.Saved> shown = page.stream().limit(limit).map(ProgramService::view).toList();
        res.send(new ProgramVersions(shown, page.size() > limit ? shown.getLast().version() : null));
    }

    /** A version's document and what it changed against the one before ({@link ProgramDiff}). */
    private void version(ServerRequest req, ServerResponse res) {
        String raw = RequestParameters.path(req, "version");
        int number;
        try {
            number = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw ProblemException.invalidField("version", "A version is a whole number from 1, not '" + raw + "'.");
        }
        int asked = number;
        Programs.Document document = programs.document(asked).orElseThrow(() -> new ProblemException(Problem.of(
                "not-found", "No such program version", 404, "The program has no version " + asked + "; the latest is "
                        + programs.current().version() + ".", "version")));
        JsonNode previous = document.previous() == null ? Json.mapper().createObjectNode() : document.previous();
        res.send(new ProgramVersion(view(document.saved()), document.program(),
                ProgramDiff.between(previous, document.program()).stream().map(change -> new ProgramVersion.Change(
                        change.path(), change.kind().name(), change.before(), change.after())).toList()));
    }

    /** A saved version as the API shows it, its author split into a member of staff or a key. */
    private static ProgramVersions.Saved view(Programs.Stamp saved) {
        String by = saved.createdBy();
        UUID staff = null;
        String key = null;
        if (by.startsWith("key:")) {
            key = by.substring(4);
        } else {
            try {
                staff = UUID.fromString(by);
            } catch (IllegalArgumentException e) {
                // Neither: "seed" or a name from before the audit, kept as createdBy.
            }
        }
        return new ProgramVersions.Saved(saved.version(), saved.at(), by, staff, key, saved.actorName());
    }

    private void save(ServerRequest req, ServerResponse res) {
        OptionalInt expected = ifMatch(req);
        Program program = body(req, Program.class);
        answer(res, programs.change(expected, latest -> new Checked.Ok<>(program), Authentication.actor(req)), "");
    }

    /** A whole section of the program replaced: {@code /earning}, {@code /tiers}. */
    private <T> void section(ServerRequest req, ServerResponse res, Class<T> type, String field,
                             BiFunction<Program, T, Program> apply) {
        OptionalInt expected = ifMatch(req);
        T body = body(req, type);
        answer(res, programs.change(expected, latest -> new Checked.Ok<>(apply.apply(latest, body)),
                Authentication.actor(req)), field);
    }

    /**
     * One entry of a list of the program, by its code, from the path: replaced when there is one, added after the
     * others when not.
     */
    private record Keyed<T>(Class<T> type, String field, Function<T, String> codeOf,
                            BiFunction<T, String, T> withCode, Function<Program, List<T>> list,
                            BiFunction<Program, T, Program> apply) {
    }

    private <T> void put(ServerRequest req, ServerResponse res, Keyed<T> keyed) {
        OptionalInt expected = ifMatch(req);
        String code = RequestParameters.path(req, "code");
        T body = body(req, keyed.type());
        String named = keyed.codeOf().apply(body);
        if (named != null && !named.equals(code)) {
            throw ProblemException.invalidField("code", "The body names '" + named + "' but the path '" + code
                    + "'; leave the code out of the body or make them the same.");
        }
        T entry = keyed.withCode().apply(body, code);
        // Where the entry stands in the program it was applied to, for naming its fields in violations.
        int[] index = {0};
        Programs.Saved saved = programs.change(expected, latest -> {
            Program next = keyed.apply().apply(latest, entry);
            index[0] = keyed.list().apply(next).stream().map(keyed.codeOf()).toList().indexOf(code);
            return new Checked.Ok<>(next);
        }, Authentication.actor(req));
        answer(res, saved, keyed.field() + "[" + index[0] + "]");
    }

    private void delete(ServerRequest req, ServerResponse res, String what, Function<Program, List<String>> codes,
                        BiFunction<Program, String, Program> remove) {
        OptionalInt expected = ifMatch(req);
        String code = RequestParameters.path(req, "code");
        Programs.Saved saved = programs.change(expected, latest -> codes.apply(latest).contains(code)
                ? new Checked.Ok<>(remove.apply(latest, code))
                : new Checked.Invalid<>(List.of(new Violation("code", "no " + what + " '" + code + "'"))),
                Authentication.actor(req));
        if (saved instanceof Programs.Rejected rejected && rejected.violations().size() == 1
                && rejected.violations().get(0).field().equals("code")) {
            throw new ProblemException(Problem.of("not-found", "Not Found", Status.NOT_FOUND_404.code(),
                    "The program has no " + what + " '" + code + "'.", "code"));
        }
        answer(res, saved, "");
    }

    /** The new version and its ETag, or a 400 naming the fields (relative to {@code part}), or a 412. */
    private static void answer(ServerResponse res, Programs.Saved saved, String part) {
        switch (saved) {
            case Programs.Accepted accepted -> {
                res.header(HeaderNames.ETAG, etag(accepted.version().version()));
                res.send(accepted.version());
            }
            case Programs.Rejected rejected -> throw Requests.invalid(relative(rejected.violations(), part));
            case Programs.Conflict conflict -> throw new ProblemException(Problem.of("program-changed",
                    "The program changed meanwhile", Status.PRECONDITION_FAILED_412.code(),
                    "You changed version " + conflict.expected() + " but version " + conflict.latest()
                            + " is in force: someone saved in between. Read the program again and make your change "
                            + "on it.", "If-Match"));
        }
    }

    private static List<Violation> relative(List<Violation> violations, String part) {
        if (part.isEmpty()) {
            return violations;
        }
        List<Violation> result = new ArrayList<>();
        for (Violation v : violations) {
            if (v.field().equals(part)) {
                result.add(new Violation("", v.message()));
            } else if (v.field().startsWith(part + ".")) {
                result.add(new Violation(v.field().substring(part.length() + 1), v.message()));
            } else {
                result.add(v);
            }
        }
        return result;
    }

    /** The request's JSON body; a {@code null} one is refused like any missing field. */
    private static <T> T body(ServerRequest req, Class<T> type) {
        T body = req.content().as(type);
        if (body == null) {
            throw ProblemException.invalidField("", "The body is null; send the part as a JSON object.");
        }
        return body;
    }

    private static String etag(int version) {
        return "\"" + version + "\"";
    }

    /** The version {@code If-Match} names ({@code "7"}); empty when it is absent or {@code *}. */
    private static OptionalInt ifMatch(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.IF_MATCH).map(String::strip);
        if (header.isEmpty() || header.get().equals("*")) {
            return OptionalInt.empty();
        }
        String tag = header.get().startsWith("W/") ? header.get().substring(2) : header.get();
        if (tag.matches("\"[0-9]{1,9}\"")) {
            return OptionalInt.of(Integer.parseInt(tag.substring(1, tag.length() - 1)));
        }
        throw ProblemException.invalidField("If-Match", "If-Match names the program's version as its ETag gave it, "
                + "e.g. \"7\".");
    }
}
