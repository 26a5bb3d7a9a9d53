package io.punchcard.console.members;

import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.AuditPage;
import io.punchcard.api.v1.LedgerEntry;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.PurchasePage;

/**
 * Everything the member's 360° page shows, read from the core as the logged-in person (their staff session, so the
 * core decides what they may read): the member, their card (tier, progress, points), vouchers, consents, and for the
 * roles that see history the ledger, purchases from every channel and the timeline. The messages come from the
 * scheduler ({@link #messages}).
 *
 * @param audit         the core's audit entries about the member (admins)
 * @param summary       the member's card: tier, progress, points; null for a member erased or merged away
 * @param purchaseCount how many purchases the member has in all (the panel shows the newest)
 * @param templates     the program's voucher templates, to issue from: code and name
 */
public record MemberFile(MemberView member, MemberSummary summary, List<Lines.VoucherLine> vouchers,
                         List<Lines.ConsentLine> consents, Panel<Lines.LedgerLine> ledger,
                         Panel<Lines.PurchaseLine> purchases, long purchaseCount, Panel<Lines.TimelineLine> timeline,
                         Panel<Lines.MessageLine> messages, Panel<Lines.AuditLine> audit,
                         Map<String, String> templates, Formats formats, MemberRights rights) {

    /** Rows per panel: a page a person reads, not an export. */
    public static final int ROWS = 50;
    /** The ledger is read oldest first, a page at a time; a member with more entries shows the newest of these. */
    static final int LEDGER_PAGE = 1000;
    static final int MAX_LEDGER_PAGES = 20;

    public MemberFile {
        vouchers = List.copyOf(vouchers);
        consents = List.copyOf(consents);
        templates = Map.copyOf(templates);
    }

    /** The file of {@code id}, read through {@code core} (in the person's staff session) as {@code rights} allow. */
    public static MemberFile read(PunchcardClient core, UUID id, MemberRights rights,
                                  Panel<Lines.MessageLine> messages, Program program) {
        MemberView member = core.member(id);
        Formats formats = program.formats();
        // An erased or merged member has no card any more: their page shows what is kept (the ledger's sums, the
        // history), not a card.
        boolean active = "ACTIVE".equals(member.status());
        MemberSummary summary = active ? core.summary(id) : null;
        List<Lines.VoucherLine> vouchers = active ? core.memberVouchers(id).stream()
                .map(v -> Lines.voucher(v, formats)).toList() : List.of();
        List<Lines.ConsentLine> consents = member.consents() == null ? List.of() : member.consents().entrySet()
                .stream().sorted(Map.Entry.comparingByKey()).map(e -> Lines.consent(e.getKey(), e.getValue(), formats))
                .toList();
        if (!rights.history()) {
            String note = "Not shown to your role.";
            return new MemberFile(member, summary, vouchers, consents, Panel.unavailable(note),
                    Panel.unavailable(note), 0, Panel.unavailable(note), Panel.unavailable(note),
                    Panel.unavailable(note), Map.of(), formats, rights);
        }
        PurchasePage purchases = core.purchases(Map.of("memberId", id.toString()), null, ROWS);
        return new MemberFile(member, summary, vouchers, consents,
                Panel.of(newestLedger(core, id).stream().map(e -> Lines.ledger(e, formats)).toList()),
                Panel.of(purchases.purchases().stream().map(p -> Lines.purchase(p, formats)).toList()),
                purchases.totals() == null ? purchases.purchases().size() : purchases.totals().count(),
                Panel.of(core.timeline(id, ROWS).stream().map(t -> Lines.timeline(t, formats)).toList()),
                messages, rights.audit() ? Panel.of(core.audit(new AuditPage.Filter(null, null, "member:" + id, null,
                        null, null, ROWS)).entries().stream().map(e -> Lines.audit(e, formats)).toList())
                        : Panel.unavailable("The audit is shown to admins."), program.templates(), formats, rights);
    }

    /** The newest {@link #ROWS} ledger entries, newest first: the core answers oldest first, so its pages are read. */
    static List<LedgerEntry> newestLedger(PunchcardClient core, UUID id) {
        Deque<LedgerEntry> newest = new ArrayDeque<>(ROWS);
        long after = 0;
        for (int page = 0; page < MAX_LEDGER_PAGES; page++) {
            List<LedgerEntry> entries = core.ledger(id, after, LEDGER_PAGE);
            for (LedgerEntry entry : entries) {
                if (newest.size() == ROWS) {
                    newest.removeFirst();
                }
                newest.addLast(entry);
            }
            if (entries.size() < LEDGER_PAGE) {
                break;
            }
            after = entries.getLast().id();
        }
        List<LedgerEntry> newestFirst = new ArrayList<>(newest);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * What the member pages need of the program: its currency and zone (to write money and times) and its voucher
     * templates. A cashier may not read the program (the core refuses), so their pages show times in UTC.
     *
     * @param templates code to name, in the program's order
     */
    public record Program(Formats formats, Map<String, String> templates) {

        public Program {
            templates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(templates));
        }

        /** The program as {@code core} answers it to the person; without one when their role may not read it. */
        public static Program read(PunchcardClient core, MemberRights rights) {
            if (!rights.history()) {
                return new Program(new Formats(null, null), Map.of());
            }
            JsonNode program;
            try {
                program = core.program().path("program");
            } catch (PunchcardException e) {
                if (e.status() == 403) {
                    return new Program(new Formats(null, null), Map.of());
                }
                throw e;
            }
            Map<String, String> templates = new java.util.LinkedHashMap<>();
            for (JsonNode template : program.path("voucherTemplates")) {
                String code = template.path("code").asText();
                templates.put(code, template.path("name").asText(code));
            }
            String zone = program.path("timezone").asText(null);
            return new Program(new Formats(program.path("currency").asText(null), zone == null ? null
                    : ZoneId.of(zone)), templates);
        }
    }
}
