package io.punchcard.pos.poslog;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.pos.forward.UnlinkedReturn;
import io.punchcard.outbox.Outbox;
import io.punchcard.pos.forward.PosKinds;
import io.punchcard.pos.sale.SaleChecks;

/**
 * Imports a POSLog file into the store's outbox, from where the forwarder sends it like the tills' own sales:
 * each retail transaction becomes a sale (and its returned lines a return), keyed by store, workstation,
 * sequence number and business day, so importing a file again changes nothing. A transaction is queued whole
 * or not at all; one that cannot be read is reported with its place in the file, and the rest go on.
 *
 * <p>A file of days before the store joined Punchcard is imported as {@link Mode#HISTORY}: its sales go to the
 * core as history (any age, no points), its returns of a named sale as refunds (which take back nothing from a
 * history sale), and a return without its sale is left out, since taking points for it would take points a
 * history sale never gave.
 */
public final class PoslogImport {

    /** Transactions per commit to the outbox. */
    private static final int BATCH = 500;
    /** Problems listed in a report; the counts go on past it. */
    private static final int MAX_PROBLEMS = 1_000;

    private final Outbox outbox;
    private final java.util.function.Supplier<PoslogMapping> mappings;
    private final String store;
    private final Clock clock;

    /**
     * @param mappings the mapping for the next file: the program's currency and the store's zone as they are then
     * @param store    the connector's store, as the program knows it: the sales are this store's
     */
    public PoslogImport(Outbox outbox, java.util.function.Supplier<PoslogMapping> mappings, String store, Clock clock) {
        this.outbox = outbox;
        this.mappings = mappings;
        this.store = store;
        this.clock = clock;
    }

    /** How a file's sales are recorded. */
    public enum Mode {
        /** Sales of today: they earn points; sales over a year old are refused. */
        LIVE,
        /** Sales of the past: recorded at any age as history, earning nothing. */
        HISTORY
    }

    /**
     * What an import did.
     *
     * @param file       the file's name
     * @param history    true when the file was imported as history
     * @param read       transactions read
     * @param imported   queued for the core
     * @param duplicates imported before (same store, workstation, sequence number and day)
     * @param ignored    nothing for loyalty: control transactions, cancelled sales, anonymous returns
     * @param returnsLeftOut returns that name no sale, so take back no points, and were left out: anonymous ones
     *                   and, in a history import, every one (their sales earned nothing); counted whether or not
     *                   their transaction also sold something, so no return goes unreported
     * @param rejected   could not be read; each in {@code problems}
     * @param problems   where and why (the first 1,000)
     */
    public record Report(String file, boolean history, long read, long imported, long duplicates, long ignored,
                         long returnsLeftOut, long rejected, List<Problem> problems) {
    }

    /**
     * @param position    {@code line 12, column 3} in the file
     * @param transaction which, as far as it could be told
     * @param reason      what is wrong
     */
    public record Problem(String position, String transaction, String reason) {
    }

    /** Imports {@code in} as today's sales, named {@code file} in the report. */
    public Report run(InputStream in, String file) {
        return run(in, file, Mode.LIVE);
    }

    /** Imports {@code in}, named {@code file} in the report, in {@code mode}. */
    public Report run(InputStream in, String file, Mode mode) {
        Counts counts = new Counts();
        List<Pending> batch = new ArrayList<>();
        PoslogMapping mapping = mappings.get();
        try (PoslogReader reader = PoslogReader.of(in)) {
            for (Optional<PoslogReader.Read> next = reader.next(); next.isPresent(); next = reader.next()) {
                switch (next.get()) {
                    case PoslogReader.Broken broken -> counts.reject(position(broken.line(), broken.column()),
                            broken.transaction() == null ? "?" : broken.transaction(), broken.reason());
                    case PoslogReader.Element transaction -> {
                        String at = position(transaction.line(), transaction.column());
                        switch (mapping.map(transaction)) {
                            case PoslogMapping.Refused refused -> counts.reject(at, refused.transaction(), refused.reason());
                            case PoslogMapping.Ignored ignored -> counts.ignored++;
                            case PoslogMapping.Retail retail -> {
                                try {
                                    List<Outbox.NewEntry> entries = entries(retail, mapping.currency(), mode, counts);
                                    if (entries.isEmpty()) {
                                        counts.ignored++;
                                    } else {
                                        batch.add(new Pending(entries));
                                    }
                                } catch (Unfit e) {
                                    counts.reject(at, retail.key().reference(), e.getMessage());
                                }
                            }
                        }
                    }
                }
                if (batch.size() >= BATCH) {
                    flush(batch, counts);
                }
            }
        } catch (IllegalArgumentException e) {
            counts.reject(position(1, 1), "?", e.getMessage());
        }
        flush(batch, counts);
        return new Report(file, mode == Mode.HISTORY, counts.imported + counts.duplicates + counts.ignored
                + counts.rejected, counts.imported, counts.duplicates, counts.ignored, counts.returnsLeftOut,
                counts.rejected,
                List.copyOf(counts.problems));
    }

    /** A transaction's entries, queued together. */
    private record Pending(List<Outbox.NewEntry> entries) {
    }

    private void flush(List<Pending> batch, Counts counts) {
        if (batch.isEmpty()) {
            return;
        }
        List<Outbox.NewEntry> all = batch.stream().flatMap(p -> p.entries().stream()).toList();
        List<Outbox.Appended> appended = outbox.appendAll(all);
        int i = 0;
        for (Pending pending : batch) {
            // A transaction counts as imported before when its first entry was.
            if (appended.get(i).already()) {
                counts.duplicates++;
            } else {
                counts.imported++;
            }
            i += pending.entries().size();
        }
        batch.clear();
    }

    private List<Outbox.NewEntry> entries(PoslogMapping.Retail retail, String currency, Mode mode, Counts counts) {
        PoslogMapping.Key key = retail.key();
        PurchaseSource source = new PurchaseSource("POS", store, key.workstation(), null);
        MemberRef member = retail.card() == null ? null : MemberRef.card(retail.card());
        String reference = key.reference();
        List<Outbox.NewEntry> entries = new ArrayList<>();
        if (!retail.sold().isEmpty()) {
            RecordPurchase sale = new RecordPurchase(source, reference, member, retail.endedAt(), currency,
                    retail.sold(), retail.basketDiscountMinor(), Math.min(retail.taxMinor(), retail.totalMinor()), null,
                    retail.totalMinor(), retail.tenders().isEmpty() ? null : retail.tenders(), null,
                    mode == Mode.HISTORY ? Boolean.TRUE : null);
            // What the core would refuse is reported here, with the transaction's place in the file, rather than
            // counted as imported and set aside later where nobody reads the report.
            List<io.punchcard.api.Problem.FieldError> errors = new SaleChecks().purchase(sale, clock.instant()).errors();
            if (!errors.isEmpty()) {
                throw new Unfit(errors.stream().map(e -> e.field() + " " + e.detail())
                        .collect(java.util.stream.Collectors.joining("; ")));
            }
            entries.add(entry(key.workstation(), PosKinds.SALE, reference, sale));
        }
        if (!retail.returned().isEmpty()) {
            String returnId = retail.sold().isEmpty() ? reference : reference + "-return";
            if (retail.returnOf() != null) {
                PoslogMapping.Key original = retail.returnOf();
                entries.add(entry(key.workstation(), PosKinds.RETURN, returnId, new RecordRefund(source, returnId, null,
                        new PurchaseSource("POS", store, original.workstation(), null), original.reference(),
                        retail.returned().stream().map(l -> new RecordRefund.ReturnedLine(l.sku(), l.quantity())).toList(),
                        null, retail.endedAt(), null)));
            } else if (member != null && mode == Mode.LIVE) {
                entries.add(entry(key.workstation(), PosKinds.UNLINKED_RETURN, returnId, new UnlinkedReturn(source,
                        returnId, member, retail.returned(), retail.endedAt())));
            } else {
                counts.returnsLeftOut++;
            }
            // An anonymous return with no link to its sale has no points to take back; nor has a return of the
            // past, whose sale earned nothing.
        }
        return entries;
    }

    /** A transaction the core would refuse, and why. */
    private static final class Unfit extends RuntimeException {
        Unfit(String reason) {
            super(reason, null, false, false);
        }
    }

    private Outbox.NewEntry entry(String terminal, String kind, String reference, Object body) {
        try {
            return new Outbox.NewEntry(terminal, kind, reference, Json.mapper().writeValueAsString(body), clock.instant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String position(int line, int column) {
        return "line " + line + ", column " + column;
    }

    private static final class Counts {
        long imported;
        long duplicates;
        long ignored;
        long returnsLeftOut;
        long rejected;
        final List<Problem> problems = new ArrayList<>();

        void reject(String position, String transaction, String reason) {
            rejected++;
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(position, transaction, reason));
            }
        }
    }
}
