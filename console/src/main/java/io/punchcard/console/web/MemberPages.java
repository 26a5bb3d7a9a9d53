package io.punchcard.console.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.EraseMember;
import io.punchcard.api.v1.IssueVoucher;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.MergeMembers;
import io.punchcard.api.v1.SuspectedDuplicate;
import io.punchcard.console.members.Lines;
import io.punchcard.console.members.MemberFile;
import io.punchcard.console.members.MemberForms;
import io.punchcard.console.members.MemberRights;
import io.punchcard.console.members.Panel;
import io.punchcard.console.members.SearchPlan;
import io.punchcard.console.staff.Section;
import io.punchcard.platform.http.page.Form;

/**
 * The Members section ({@code /console/members}): search by any identifier or name, a member's 360° page, and what
 * staff do to a member — adjust points with a reason, issue a voucher, download the GDPR export, erase, and merge
 * suspected duplicates. Every change is a form carrying the session's token, sent to the core in the person's staff
 * session, so the core decides what their role may do to whom; a refusal it did not expect to be possible (another
 * store's member) is the friendly 403 page, a problem with a field is shown beside that field.
 */
public final class MemberPages {

    private static final String BASE = Section.MEMBERS.path();
    /** Members listed by a name search: a person narrows a longer list by typing more. */
    private static final int NAME_RESULTS = 20;
    /** Suspected pairs listed at once; each costs two reads of a member. */
    private static final int DUPLICATES_SHOWN = 50;

    private final Screens screens;
    private final Supplier<MemberMessages> messages;

    MemberPages(Screens screens, Supplier<MemberMessages> messages) {
        this.screens = screens;
        this.messages = messages;
    }

    void routing(HttpRules rules) {
        rules.get(BASE, screens.page(Section.MEMBERS, this::search))
                .get(BASE + "/duplicates", screens.page(Section.MEMBERS, this::duplicates))
                .get(BASE + "/duplicates/{suspect}", screens.page(Section.MEMBERS, this::compare))
                .post(BASE + "/duplicates/{suspect}/merge", screens.form(Section.MEMBERS, this::merge))
                .get(BASE + "/{id}", screens.page(Section.MEMBERS, this::member))
                .get(BASE + "/{id}/export", screens.page(Section.MEMBERS, this::export))
                .post(BASE + "/{id}/adjustments", screens.form(Section.MEMBERS, this::adjust))
                .post(BASE + "/{id}/vouchers", screens.form(Section.MEMBERS, this::issue))
                .post(BASE + "/{id}/erase", screens.form(Section.MEMBERS, this::erase));
    }

    // ---- search

    /** A member found by a search: who, and how to tell them apart from a namesake. */
    public record Found(String id, String name, String card, String phone, String email, String tier,
                        String joined) {
    }

    private void search(ServerRequest req, ServerResponse res, Visit visit) {
        String query = req.query().first("q").orElse("");
        SearchPlan plan = SearchPlan.of(query);
        Map<String, String> errors = new LinkedHashMap<>();
        List<Found> found = new ArrayList<>();
        boolean searched = !query.isBlank();
        boolean elsewhere = false;
        if (searched && plan.isEmpty()) {
            errors.put("q", query.strip().length() > SearchPlan.MAX_QUERY ? "Enter at most " + SearchPlan.MAX_QUERY
                    + " characters." : "Enter a card or phone number, an e-mail address, an external id or a name.");
        } else if (searched) {
            Map<UUID, MemberView> members = new LinkedHashMap<>();
            for (SearchPlan.Lookup lookup : plan.lookups()) {
                switch (holder(visit.core(), lookup)) {
                    case Held held -> members.putIfAbsent(held.member().id(), held.member());
                    case OtherStores other -> elsewhere = true;
                    case Nobody nobody -> { }
                }
            }
            if (plan.name() != null) {
                visit.core().members(Map.of("name", plan.name()), null, NAME_RESULTS).members()
                        .forEach(m -> members.putIfAbsent(m.id(), m));
            }
            members.values().forEach(m -> found.add(new Found(m.id().toString(), name(m), text(m.cardNumber()),
                    text(m.phone()), text(m.email()), text(m.tier()), joined(m))));
        }
        screens.render(res, visit, errors.isEmpty() ? Status.OK_200 : Status.create(422), "members", "Members",
                Section.MEMBERS, Map.of("query", query, "searched", searched && errors.isEmpty(), "found", found,
                        "elsewhere", elsewhere, "errors", new Errors(errors), "rights", MemberRights.of(visit.role())));
    }

    /** Who holds an identifier, as far as the person may know. */
    private sealed interface Holder permits Held, OtherStores, Nobody {
    }

    private record Held(MemberView member) implements Holder {
    }

    /** A member of none of a store manager's stores holds it: the core will not show them. */
    private record OtherStores() implements Holder {
    }

    /** Nobody, or the words cannot be such an identifier (a phone number of letters). */
    private record Nobody() implements Holder {
    }

    private static Holder holder(PunchcardClient core, SearchPlan.Lookup lookup) {
        try {
            return new Held(core.memberBy(lookup.field(), lookup.value()));
        } catch (PunchcardException e) {
            return switch (e.status()) {
                case 404, 400 -> new Nobody();
                case 403 -> new OtherStores();
                default -> throw e;
            };
        }
    }

    // ---- the member

    private void member(ServerRequest req, ServerResponse res, Visit visit) {
        Optional<UUID> id = id(req, res, visit, "id");
        if (id.isPresent()) {
            show(res, visit, id.get(), Status.OK_200, Map.of(), Map.of());
        }
    }

    /**
     * The member's page, with {@code errors} beside the fields of the form that was sent and {@code typed} what was
     * typed into it (so nothing has to be typed again).
     */
    private void show(ServerResponse res, Visit visit, UUID id, Status status, Map<String, String> errors,
                      Map<String, String> typed) {
        MemberRights rights = MemberRights.of(visit.role());
        MemberFile.Program program = MemberFile.Program.read(visit.core(), rights);
        Panel<Lines.MessageLine> messages = rights.history() ? messages(visit, id, program)
                : Panel.unavailable("Not shown to your role.");
        MemberFile file = MemberFile.read(visit.core(), id, rights, messages, program);
        screens.render(res, visit, status, "member", name(file.member()), Section.MEMBERS, Map.of("file", file,
                "errors", new Errors(errors), "typed", typed, "formId", UUID.randomUUID().toString()));
    }

    private Panel<Lines.MessageLine> messages(Visit visit, UUID id, MemberFile.Program program) {
        MemberMessages scheduler = messages.get();
        if (scheduler == null) {
            return Panel.unavailable("Messages cannot be shown: the console is not connected to the campaign "
                    + "scheduler.");
        }
        return switch (scheduler.of(id, visit.session().coreToken(), MemberFile.ROWS)) {
            case MemberMessages.Found found -> Panel.of(found.messages().stream().map(m -> Lines.message(
                    m.createdAt(), m.channel(), m.template(), m.campaign(), m.state(), m.outcome(), m.outcomeDetail(),
                    m.delivery(), program.formats())).toList());
            case MemberMessages.Refused refused -> Panel.unavailable("The campaign scheduler does not show you this "
                    + "member's messages: " + refused.detail());
            case MemberMessages.Unavailable unavailable -> Panel.unavailable("Messages cannot be shown just now: the "
                    + "campaign scheduler is not answering. The rest of the page is up to date.");
        };
    }

    private void adjust(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Optional<UUID> id = allowed(req, res, visit, MemberRights.of(visit.role()).act(), "adjust points");
        if (id.isEmpty()) {
            return;
        }
        Map<String, String> typed = Map.of("points", form.get("points"), "reason", form.get("reason"));
        MemberForms.Checked<MemberForms.Adjustment> checked = MemberForms.adjustment(form.optional("formId"),
                form.get("points"), form.get("reason"));
        if (!checked.ok()) {
            show(res, visit, id.get(), Status.create(422), checked.errors(), typed);
            return;
        }
        MemberForms.Adjustment adjustment = checked.value();
        try {
            visit.core().adjust(id.get(), new AdjustPoints(adjustment.adjustmentId(), adjustment.points(),
                    adjustment.reason(), visit.staff().email()));
        } catch (PunchcardException e) {
            beside(res, visit, id.get(), e, typed, Map.of("reason", "reason"), "points");
            return;
        }
        done(res, visit, id.get(), (adjustment.points() > 0 ? "Added " : "Took ") + Math.abs(adjustment.points())
                + " points: " + adjustment.reason() + ".");
    }

    private void issue(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Optional<UUID> id = allowed(req, res, visit, MemberRights.of(visit.role()).act(), "issue vouchers");
        if (id.isEmpty()) {
            return;
        }
        Map<String, String> typed = Map.of("template", form.get("template"), "voucher-reason",
                form.get("voucher-reason"));
        MemberFile.Program program = MemberFile.Program.read(visit.core(), MemberRights.of(visit.role()));
        MemberForms.Checked<MemberForms.Issue> checked = MemberForms.issue(form.optional("formId"),
                form.get("template"), form.get("voucher-reason"), program.templates().keySet());
        if (!checked.ok()) {
            show(res, visit, id.get(), Status.create(422), checked.errors(), typed);
            return;
        }
        MemberForms.Issue issue = checked.value();
        String code;
        try {
            code = visit.core().issueVoucher(new IssueVoucher(issue.template(), id.get(), issue.reason(),
                    issue.issueId())).code();
        } catch (PunchcardException e) {
            beside(res, visit, id.get(), e, typed, Map.of("reason", "voucher-reason"), "template");
            return;
        }
        done(res, visit, id.get(), "Issued a " + program.templates().getOrDefault(issue.template(), issue.template())
                + " voucher, code " + code + ".");
    }

    private void export(ServerRequest req, ServerResponse res, Visit visit) {
        Optional<UUID> id = allowed(req, res, visit, MemberRights.of(visit.role()).export(), "download exports");
        if (id.isEmpty()) {
            return;
        }
        byte[] json = visit.core().export(id.get()).toPrettyString().getBytes(StandardCharsets.UTF_8);
        res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"member-" + id.get() + ".json\"");
        res.send(json);
    }

    private void erase(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Optional<UUID> id = allowed(req, res, visit, MemberRights.of(visit.role()).erase(), "erase members");
        if (id.isEmpty()) {
            return;
        }
        Map<String, String> typed = Map.of("erase-reason", form.get("erase-reason"));
        MemberView member = visit.core().member(id.get());
        Map<String, String> errors = MemberForms.erasure(form.get("confirm"), member.cardNumber(),
                form.get("erase-reason"));
        if (!errors.isEmpty()) {
            show(res, visit, id.get(), Status.create(422), errors, typed);
            return;
        }
        try {
            visit.core().erase(id.get(), new EraseMember(visit.staff().email(), form.get("erase-reason").strip()));
        } catch (PunchcardException e) {
            beside(res, visit, id.get(), e, typed, Map.of("reason", "erase-reason"), "confirm");
            return;
        }
        done(res, visit, id.get(), "The member is erased: their profile and identifiers are gone; the ledger keeps "
                + "its sums.");
    }

    // ---- duplicates

    /** A suspected pair, each side as a person tells them apart. */
    public record Pair(long id, String reason, String detected, Side a, Side b) {
    }

    /** One of a pair: who, their identifiers, tier and points. */
    public record Side(String id, String name, String status, String card, String phone, String email,
                       String joined, String tier, String points) {
    }

    private void duplicates(ServerRequest req, ServerResponse res, Visit visit) {
        if (!mayMerge(res, visit)) {
            return;
        }
        MemberFile.Program program = MemberFile.Program.read(visit.core(), MemberRights.of(visit.role()));
        List<Pair> pairs = visit.core().duplicates().stream().limit(DUPLICATES_SHOWN)
                .map(s -> pair(visit.core(), s, program, false)).toList();
        screens.render(res, visit, Status.OK_200, "duplicates", "Suspected duplicates", Section.MEMBERS,
                Map.of("pairs", pairs));
    }

    private void compare(ServerRequest req, ServerResponse res, Visit visit) {
        if (!mayMerge(res, visit)) {
            return;
        }
        Optional<SuspectedDuplicate> suspect = suspect(req, res, visit);
        if (suspect.isPresent()) {
            showPair(res, visit, suspect.get(), Status.OK_200, Map.of(), Map.of());
        }
    }

    private void showPair(ServerResponse res, Visit visit, SuspectedDuplicate suspect, Status status,
                          Map<String, String> errors, Map<String, String> typed) {
        MemberFile.Program program = MemberFile.Program.read(visit.core(), MemberRights.of(visit.role()));
        screens.render(res, visit, status, "duplicate", "Compare two members", Section.MEMBERS, Map.of("pair",
                pair(visit.core(), suspect, program, true), "errors", new Errors(errors), "typed", typed));
    }

    private void merge(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        if (!mayMerge(res, visit)) {
            return;
        }
        Optional<SuspectedDuplicate> found = suspect(req, res, visit);
        if (found.isEmpty()) {
            return;
        }
        SuspectedDuplicate suspect = found.get();
        String chosen = form.get("survivor");
        Optional<UUID> survivor = Optional.of(chosen).filter(s -> s.equals(suspect.memberA().toString())
                || s.equals(suspect.memberB().toString())).map(UUID::fromString);
        Map<String, String> typed = Map.of("survivor", chosen, "merge-reason", form.get("merge-reason"));
        Map<String, String> errors = MemberForms.merge(survivor, form.get("merge-reason"));
        if (!errors.isEmpty()) {
            showPair(res, visit, suspect, Status.create(422), errors, typed);
            return;
        }
        UUID duplicate = survivor.get().equals(suspect.memberA()) ? suspect.memberB() : suspect.memberA();
        try {
            visit.core().merge(survivor.get(), new MergeMembers(duplicate, visit.staff().email(),
                    form.get("merge-reason").strip()));
        } catch (PunchcardException e) {
            if (e.status() != 400 && e.status() != 409) {
                throw e;
            }
            showPair(res, visit, suspect, Status.create(422), Map.of("reason".equals(CoreProblems.field(e))
                    ? "merge-reason" : "survivor", CoreProblems.detail(e)), typed);
            return;
        }
        done(res, visit, survivor.get(), "Merged the other member into this one; their points, vouchers, purchases "
                + "and identifiers are here now.");
    }

    private Pair pair(PunchcardClient core, SuspectedDuplicate suspect, MemberFile.Program program, boolean points) {
        return new Pair(suspect.id(), text(suspect.reason()), program.formats().when(suspect.detectedAt()),
                side(core, suspect.memberA(), program, points), side(core, suspect.memberB(), program, points));
    }

    private static Side side(PunchcardClient core, UUID id, MemberFile.Program program, boolean points) {
        MemberView m = core.member(id);
        String balance = points ? program.formats().points(core.summary(id).availablePoints()) : "";
        return new Side(id.toString(), name(m), Lines.status(m.status()), text(m.cardNumber()), text(m.phone()),
                text(m.email()), joined(m) + (m.createdAt() == null ? "" : ", " + program.formats().day(m.createdAt())),
                text(m.tier()), balance);
    }

    private Optional<SuspectedDuplicate> suspect(ServerRequest req, ServerResponse res, Visit visit) {
        String raw = req.path().pathParameters().first("suspect").orElse("");
        Optional<SuspectedDuplicate> found = raw.matches("[0-9]{1,18}") ? visit.core().duplicates().stream()
                .filter(s -> s.id() == Long.parseLong(raw)).findFirst() : Optional.empty();
        if (found.isEmpty()) {
            screens.problem(res, visit, Status.NOT_FOUND_404, "Not a suspected pair", "There is no suspected pair "
                    + "at this address: it was merged or dismissed meanwhile. See the list of suspected duplicates.");
        }
        return found;
    }

    private boolean mayMerge(ServerResponse res, Visit visit) {
        if (MemberRights.of(visit.role()).merge()) {
            return true;
        }
        forbidden(res, visit, "merge members");
        return false;
    }

    // ---- the pieces every form shares

    /** The member the path names, when the person's role may do {@code what}; else a page that says why not. */
    private Optional<UUID> allowed(ServerRequest req, ServerResponse res, Visit visit, boolean may, String what) {
        if (!may) {
            forbidden(res, visit, what);
            return Optional.empty();
        }
        return id(req, res, visit, "id");
    }

    private void forbidden(ServerResponse res, Visit visit, String what) {
        screens.problem(res, visit, Status.FORBIDDEN_403, "Not for your role", "A " + visit.role().label()
                .toLowerCase(java.util.Locale.ROOT) + " may not " + what + ". Ask an admin if you need it.");
    }

    private Optional<UUID> id(ServerRequest req, ServerResponse res, Visit visit, String name) {
        String raw = req.path().pathParameters().first(name).orElse("");
        try {
            if (raw.length() == 36) {
                return Optional.of(UUID.fromString(raw));
            }
        } catch (IllegalArgumentException e) {
            // not a member's id: the page below says so
        }
        screens.problem(res, visit, Status.NOT_FOUND_404, "Not a member", "There is no member at this address. "
                + "Search for the member again.");
        return Optional.empty();
    }

    /**
     * The core refused a form: its words beside the field it blames ({@code fields} maps the core's field names to the
     * form's; any other to {@code otherwise}), when it is a problem with what was typed. A refusal by role or a member
     * gone is the console's page for it.
     */
    private void beside(ServerResponse res, Visit visit, UUID id, PunchcardException e, Map<String, String> typed,
                        Map<String, String> fields, String otherwise) {
        if (e.status() != 400 && e.status() != 409 && e.status() != 422) {
            throw e;
        }
        String field = fields.getOrDefault(String.valueOf(CoreProblems.field(e)), otherwise);
        show(res, visit, id, Status.create(422), Map.of(field, CoreProblems.detail(e)), typed);
    }

    private static void done(ServerResponse res, Visit visit, UUID id, String notice) {
        visit.session().notice(notice);
        Screens.redirect(res, Paths.ROOT + BASE + "/" + id);
    }

    static String name(MemberView m) {
        String name = (text(m.givenName()) + " " + text(m.familyName())).strip();
        if (!name.isEmpty()) {
            return name;
        }
        return "ERASED".equals(m.status()) ? "Erased member" : "Member without a name";
    }

    private static String joined(MemberView m) {
        return Lines.channelName(m.joinChannel()) + (m.joinStore() == null ? "" : " at " + m.joinStore());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
