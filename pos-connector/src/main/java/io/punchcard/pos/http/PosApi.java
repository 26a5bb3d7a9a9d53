package io.punchcard.pos.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.api.Problem;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.HoldVoucher;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.PointsRedeemed;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.Quote;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.RedeemPoints;
import io.punchcard.api.v1.RefundRecorded;
import io.punchcard.api.v1.VoucherHeld;
import io.punchcard.api.v1.VoucherView;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;
import io.punchcard.pos.PosSettings;
import io.punchcard.pos.api.AppliedPoints;
import io.punchcard.pos.api.AppliedVoucher;
import io.punchcard.pos.api.ApplyPoints;
import io.punchcard.pos.api.ApplyVoucher;
import io.punchcard.pos.api.FinishSale;
import io.punchcard.pos.api.PosBasket;
import io.punchcard.pos.api.PosCard;
import io.punchcard.pos.api.PosQuote;
import io.punchcard.pos.api.Receipt;
import io.punchcard.pos.api.ReturnGoods;
import io.punchcard.pos.api.ReturnReceipt;
import io.punchcard.pos.api.VoidReceipt;
import io.punchcard.pos.card.KnownCards;
import io.punchcard.outbox.Forwarder;
import io.punchcard.outbox.ForwarderLoop;
import io.punchcard.pos.forward.UnlinkedReturn;
import io.punchcard.pos.forward.VoidEntry;
import io.punchcard.outbox.Outbox;
import io.punchcard.pos.forward.PosCourier;
import io.punchcard.pos.forward.PosKinds;
import io.punchcard.pos.sale.OpenSales;
import io.punchcard.pos.sale.SaleChecks;
import io.punchcard.pos.sale.SaleLocks;
import io.punchcard.pos.terminal.Terminals;

/**
 * {@code /pos/v1}: what a till calls. Reads (member cards, quotes) and the steps that must be decided at once
 * (holding a voucher, taking points) go to the core while the till waits, briefly; what a till finishes (sales,
 * returns, voids) goes to the store's outbox first and is answered as soon as it is on disk, the core's answer
 * added when it comes in time. With the core out of reach, a card comes from this store's memory, marked stale,
 * sales are queued, and spending (vouchers, points) is refused with a line a cashier can read out.
 */
public final class PosApi implements HttpService {

    private static final String SALE_ID = "[A-Za-z0-9._:-]{1,64}";

    private final PosSettings settings;
    private final java.util.function.Supplier<String> currency;
    private final java.util.function.BooleanSupplier reread;
    private final Terminals terminals;
    private final Outbox outbox;
    private final KnownCards cards;
    private final OpenSales sales;
    private final PunchcardClient core;
    private final Forwarder forwarder;
    private final ForwarderLoop loop;
    private final Clock clock;
    /**
     * Steps on one sale — apply, remove, finish, void — one at a time: a finish and a void sent together (a till
     * retrying after a timeout) must not both be queued, nor a points tender be taken while the sale closes.
     */
    private final SaleLocks saleLocks = new SaleLocks();
    /** Where a receipt's balance is asked for, so the till need not wait for it past its time. */
    private static final ExecutorService BALANCES = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param currency the program's currency as last read from the core
     * @param reread   reads the program from the core at once; true when it changed
     * @param core a client for the till's path: short timeouts, one try (a till must not wait on retries)
     */
    public PosApi(PosSettings settings, java.util.function.Supplier<String> currency,
                  java.util.function.BooleanSupplier reread, Terminals terminals, Outbox outbox, KnownCards cards, OpenSales sales,
                  PunchcardClient core, Forwarder forwarder, ForwarderLoop loop, Clock clock) {
        this.settings = settings;
        this.currency = currency;
        this.reread = reread;
        this.terminals = terminals;
        this.outbox = outbox;
        this.cards = cards;
        this.sales = sales;
        this.core = core;
        this.forwarder = forwarder;
        this.loop = loop;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/members", this::identify)
                .post("/sales/{saleId}/quote", this::quote)
                .post("/sales/{saleId}/vouchers", this::applyVoucher)
                .delete("/sales/{saleId}/vouchers/{code}", this::removeVoucher)
                .post("/sales/{saleId}/points", this::applyPoints)
                .post("/sales/{saleId}/finish", this::finish)
                .post("/sales/{saleId}/void", this::voidSale)
                .post("/returns", this::returnGoods)
                .get("/status", this::status);
    }

    // --- identify --------------------------------------------------------------------------------------------

    private void identify(ServerRequest req, ServerResponse res) {
        till(req);
        var query = req.query();
        List<String> given = new ArrayList<>();
        for (String field : List.of("card", "phone", "qr")) {
            query.first(field).filter(v -> !v.isBlank()).ifPresent(v -> given.add(field));
        }
        if (given.size() != 1) {
            throw ProblemException.invalidField("query", "Look a member up by exactly one of card, phone or qr.");
        }
        String field = given.get(0);
        String value = query.get(field).strip();
        if (value.length() > 128) {
            throw ProblemException.invalidField(field, "At most 128 characters.");
        }
        String key = KnownCards.key(field, value);
        if (!forwarder.coreOffline()) {
            try {
                MemberSummary summary = core.summaryBy(field, value);
                cards.keep(List.of(key, "member:" + summary.memberId()), json(summary), clock.instant());
                res.send(card(summary, false));
                return;
            } catch (PunchcardException e) {
                if (e.problem() != null && e.problem().type().getPath().endsWith("/member-not-found")) {
                    // The core names its own field (cardNumber); the till asked by this API's query parameter.
                    throw new ProblemException(Problem.of("member-not-found", "No such member", 404,
                            "No active member has this " + field + ".", field));
                }
                if (!unreachable(e)) {
                    throw new ProblemException(e.problem());
                }
            }
        }
        Optional<KnownCards.Known> known = cards.find(key);
        if (known.isEmpty()) {
            throw offline("member-card-unavailable", "The loyalty service can't be reached and this card hasn't been "
                    + "seen in this store. Finish the sale with the card number: the points will be added when the "
                    + "link returns.");
        }
        res.send(card(read(known.get().card(), MemberSummary.class), true));
    }

    private PosCard card(MemberSummary summary, boolean stale) {
        long age = Math.max(0, Duration.between(summary.asOf(), clock.instant()).toSeconds());
        return new PosCard(summary.memberId(), summary.displayName(), summary.tier(), summary.tierName(),
                summary.tierDiscountPercent(), summary.availablePoints(), summary.pendingPoints(), summary.vouchers(),
                progressLine(summary), stale, summary.asOf(), stale ? age : 0);
    }

    /** "Spend 123.45 EUR more to reach Gold", "Earn 120 more points to reach Gold", or the top tier's line. */
    private String progressLine(MemberSummary summary) {
        MemberSummary.TierProgress progress = summary.progress();
        if (progress == null || progress.nextTier() == null) {
            return "You are at our top tier: " + summary.tierName() + ".";
        }
        // The card names the next tier by its code (SILVER); a receipt says Silver.
        String next = progress.nextTier().charAt(0) + progress.nextTier().substring(1).toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ');
        if ("POINTS".equals(progress.basis())) {
            return "Earn " + progress.needed() + " more points to reach " + next + ".";
        }
        return "Spend " + money(progress.needed()) + " more to reach " + next + ".";
    }

    private String money(long minor) {
        String code = currency.get();
        int digits = java.util.Currency.getInstance(code).getDefaultFractionDigits();
        return java.math.BigDecimal.valueOf(minor, Math.max(0, digits)).toPlainString() + " " + code;
    }

    // --- quote and apply ---------------------------------------------------------------------------------------

    private void quote(ServerRequest req, ServerResponse res) {
        String till = till(req);
        String saleId = saleId(req);
        requireOpen(till, saleId);
        PosBasket basket = req.content().as(PosBasket.class);
        new SaleChecks().lines("lines", basket.lines()).member("member", basket.member())
                .amount("basketDiscountMinor", basket.basketDiscountMinor()).done();
        long ownDiscount = basket.basketDiscountMinor() == null ? 0 : basket.basketDiscountMinor();
        List<OpenSales.Held> held = sales.of(till, saleId);
        List<String> vouchers = held.stream().filter(h -> h.kind() == OpenSales.Kind.VOUCHER)
                .map(OpenSales.Held::reference).toList();
        long pointsTender = held.stream().filter(h -> h.kind() == OpenSales.Kind.POINTS)
                .mapToLong(OpenSales.Held::valueMinor).sum();
        Quote quote = online("points-unavailable", "Points can't be worked out right now: the loyalty service is out "
                + "of reach. Finish the sale as usual; the points will be added when the link returns.",
                () -> {
                    java.util.function.Supplier<Quote> ask = () -> core.quote(new QuoteRequest(source(till),
                            basket.member(), clock.instant(), currency.get(), basket.lines(), ownDiscount, vouchers,
                            pointsTender));
                    try {
                        return ask.get();
                    } catch (PunchcardException e) {
                        // The core counting in another currency than the one known here: the program changed
                        // since the last look. Read it now and ask again, rather than fail the till until then.
                        if (e.status() == 400 && e.problem() != null && "currency".equals(e.problem().field())
                                && reread.getAsBoolean()) {
                            return ask.get();
                        }
                        throw e;
                    }
                });
        res.send(new PosQuote(quote.memberId(), quote.points(), quote.tierDiscountMinor(), quote.voucherDiscountMinor(),
                quote.vouchers(), ownDiscount + quote.voucherDiscountMinor() + quote.tierDiscountMinor(), pointsTender,
                quote.availablePoints(), quote.breakdown()));
    }

    private void applyVoucher(ServerRequest req, ServerResponse res) {
        String till = till(req);
        String saleId = saleId(req);
        ApplyVoucher body = req.content().as(ApplyVoucher.class);
        if (body.code() == null || body.code().isBlank() || body.code().length() > 32) {
            throw ProblemException.invalidField("code", "Scan or type the voucher's code.");
        }
        try (SaleLocks.Taken lock = saleLocks.take(till, saleId)) {
            requireOpen(till, saleId);
            holdVoucher(till, saleId, body, res);
        }
    }

    private void holdVoucher(String till, String saleId, ApplyVoucher body, ServerResponse res) {
        String spending = "Vouchers can't be checked right now: the loyalty service is out of reach. Ask the shopper "
                + "to keep the voucher for next time.";
        VoucherView voucher = online("voucher-unavailable", spending, () -> core.voucher(body.code()));
        boolean again = sales.of(till, saleId).stream().anyMatch(h -> h.kind() == OpenSales.Kind.VOUCHER
                && h.reference().equalsIgnoreCase(voucher.code()));
        VoucherHeld hold = online("voucher-unavailable", spending, () -> core.holdVoucher(voucher.code(),
                new HoldVoucher(saleRef(till, saleId), body.memberId(), (int) settings.voucherHold().toSeconds())));
        sales.add(new OpenSales.Held(till, saleId, OpenSales.Kind.VOUCHER, voucher.code(), body.memberId(), 0, 0,
                clock.instant()));
        res.status(again ? Status.OK_200 : Status.CREATED_201);
        res.send(new AppliedVoucher(voucher.code(), voucher.name(), voucher.kind(), hold.heldUntil()));
    }

    private void removeVoucher(ServerRequest req, ServerResponse res) {
        String till = till(req);
        String saleId = saleId(req);
        String code = RequestParameters.path(req, "code");
        try (SaleLocks.Taken lock = saleLocks.take(till, saleId)) {
            requireOpen(till, saleId);
            letGo(till, saleId, code);
        }
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    private void letGo(String till, String saleId, String code) {
        Optional<OpenSales.Held> held = sales.of(till, saleId).stream()
                .filter(h -> h.kind() == OpenSales.Kind.VOUCHER && h.reference().equalsIgnoreCase(code)).findFirst();
        if (held.isEmpty()) {
            throw new ProblemException(Problem.of("voucher-not-applied", "Not applied", 404,
                    "The voucher " + code + " is not applied to sale " + saleId + ".", "code"));
        }
        online("voucher-unavailable", "The voucher can't be taken off right now: the loyalty service is out of reach. "
                + "Void the sale, or finish it with the voucher.", () -> release(held.get().reference(), saleRef(till, saleId)));
        sales.remove(till, saleId, OpenSales.Kind.VOUCHER, held.get().reference());
    }

    private Object release(String code, String saleRef) {
        try {
            return core.releaseVoucher(code, saleRef);
        } catch (PunchcardException e) {
            if (e.status() == 409) {
                return null;
            }
            throw e;
        }
    }

    private void applyPoints(ServerRequest req, ServerResponse res) {
        String till = till(req);
        String saleId = saleId(req);
        ApplyPoints body = req.content().as(ApplyPoints.class);
        if (body.memberId() == null) {
            throw ProblemException.invalidField("memberId", "Identify the shopper first: points are theirs to spend.");
        }
        if (body.points() == null || body.points() < 1 || body.points() > 100_000_000L) {
            throw ProblemException.invalidField("points", "points must be a whole number from 1 to 100000000.");
        }
        String tender = body.tenderId() == null ? "1" : body.tenderId();
        if (!tender.matches("[A-Za-z0-9._-]{1,16}")) {
            throw ProblemException.invalidField("tenderId", "1 to 16 letters, digits, '.', '_' or '-'.");
        }
        String redemptionId = settings.store() + ":" + till + ":" + saleId + ":points:" + tender;
        try (SaleLocks.Taken lock = saleLocks.take(till, saleId)) {
            requireOpen(till, saleId);
            takePoints(till, saleId, body, redemptionId, res);
        }
    }

    private void takePoints(String till, String saleId, ApplyPoints body, String redemptionId, ServerResponse res) {
        boolean again = sales.of(till, saleId).stream().anyMatch(h -> h.kind() == OpenSales.Kind.POINTS
                && h.reference().equals(redemptionId));
        // Noted before the core is asked, so a void finds it even when the answer is lost on the way back.
        sales.add(new OpenSales.Held(till, saleId, OpenSales.Kind.POINTS, redemptionId, body.memberId(), body.points(),
                body.points() * settings.pointValueMinor(), clock.instant()));
        PointsRedeemed taken;
        try {
            taken = online("points-unavailable", "Points can't be used right now: the loyalty service is out of reach. "
                    + "Take another payment; the shopper keeps their points.", () -> core.redeem(body.memberId(),
                    new RedeemPoints(redemptionId, body.points(), "sale " + saleId + " at " + settings.store())));
        } catch (ProblemException e) {
            if (e.problem().status() != 503) {
                // Refused (not enough points, no such member): nothing was taken.
                sales.remove(till, saleId, OpenSales.Kind.POINTS, redemptionId);
            }
            throw e;
        }
        res.status(again ? Status.OK_200 : Status.CREATED_201);
        res.send(new AppliedPoints(redemptionId, taken.points(), taken.points() * settings.pointValueMinor(),
                taken.available()));
    }

    // --- finish, void, return ----------------------------------------------------------------------------------

    private void finish(ServerRequest req, ServerResponse res) {
        String till = till(req);
        String saleId = saleId(req);
        // Told first, whatever the body: a voided sale is not finished, however it is sent. Checked again below.
        if (outbox.find(till, PosKinds.VOID, saleId).isPresent()) {
            throw finished(saleId, "was voided");
        }
        FinishSale body = req.content().as(FinishSale.class);
        SaleChecks checks = new SaleChecks().lines("lines", body.lines()).member("member", body.member())
                .amount("basketDiscountMinor", body.basketDiscountMinor()).amount("taxMinor", body.taxMinor())
                .amount("totalMinor", body.totalMinor()).tenders(body.tenders()).codes("vouchers", body.vouchers())
                .time("occurredAt", body.occurredAt(), clock.instant());
        if (body.totalMinor() == null) {
            checks.required("totalMinor", null);
        }
        checks.done();
        Outbox.Appended appended;
        try (SaleLocks.Taken lock = saleLocks.take(till, saleId)) {
            if (outbox.find(till, PosKinds.VOID, saleId).isPresent()) {
                throw finished(saleId, "was voided");
            }
            appended = queueSale(till, saleId, body);
        }
        long deadline = System.nanoTime() + settings.receiptWait().toNanos();
        Outbox.Entry entry = loop.await(till, PosKinds.SALE, saleId, settings.receiptWait()).orElseThrow();
        res.status(appended.already() ? Status.OK_200 : Status.CREATED_201);
        res.send(receipt(saleId, entry, deadline));
    }

    /**
     * Queues the sale and, in the same commit, gives back what was held for it and not used: a voucher the
     * cashier did not honour, points taken as a tender the sale does not carry (the till was told the core was
     * out of reach, and the shopper paid another way). Otherwise those points would be gone for good.
     */
    private Outbox.Appended queueSale(String till, String saleId, FinishSale body) {
        List<OpenSales.Held> held = sales.of(till, saleId);
        List<String> heldVouchers = held.stream().filter(h -> h.kind() == OpenSales.Kind.VOUCHER)
                .map(OpenSales.Held::reference).toList();
        List<String> vouchers = body.vouchers() != null ? body.vouchers() : heldVouchers;
        RecordPurchase sale = new RecordPurchase(source(till), saleId, body.member(),
                body.occurredAt() == null ? clock.instant() : body.occurredAt(), currency.get(), body.lines(),
                body.basketDiscountMinor(), body.taxMinor(), null, body.totalMinor(), body.tenders(), vouchers);
        List<String> tendered = body.tenders() == null ? List.of() : body.tenders().stream()
                .filter(t -> "POINTS".equalsIgnoreCase(t.kind()) && t.reference() != null)
                .map(io.punchcard.api.v1.Tender::reference).toList();
        List<String> unusedVouchers = heldVouchers.stream()
                .filter(code -> vouchers.stream().noneMatch(code::equalsIgnoreCase)).toList();
        List<OpenSales.Held> unusedPoints = held.stream()
                .filter(h -> h.kind() == OpenSales.Kind.POINTS && !tendered.contains(h.reference())).toList();
        Outbox.NewEntry saleEntry = new Outbox.NewEntry(till, PosKinds.SALE, saleId, json(sale), clock.instant());
        if (unusedVouchers.isEmpty() && unusedPoints.isEmpty()) {
            return outbox.append(saleEntry);
        }
        VoidEntry giveBack = new VoidEntry(unusedPoints.stream().map(OpenSales.Held::memberId).findFirst().orElse(null),
                saleRef(till, saleId), unusedVouchers, unusedPoints.stream().map(OpenSales.Held::reference).toList());
        return outbox.appendAll(List.of(saleEntry, new Outbox.NewEntry(till, PosKinds.VOID, saleId + "/unused",
                json(giveBack), clock.instant()))).get(0);
    }

    /** The receipt block; the balance line only if the core gives it before {@code deadline} (nanoTime). */
    private Receipt receipt(String saleId, Outbox.Entry entry, long deadline) {
        return switch (entry.state()) {
            case PENDING -> new Receipt(saleId, false, null, null, null, null, null, List.of(),
                    "Your points will be added to your account shortly.");
            case REJECTED -> new Receipt(saleId, false, null, null, null, null, null, List.of(),
                    "The loyalty service could not record this sale; the store will look into it.");
            case SENT -> {
                PurchaseRecorded recorded = read(entry.outcome(), PurchaseRecorded.class);
                if (recorded.memberId() == null) {
                    yield new Receipt(saleId, true, 0L, null, null, null, null, recorded.vouchersUsed(),
                            "Join our loyalty club and earn points on your next visit.");
                }
                MemberSummary after = null;
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    try {
                        after = CompletableFuture.supplyAsync(() -> core.summary(recorded.memberId()), BALANCES)
                                .get(left, TimeUnit.NANOSECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        // The sale is recorded; the balance line is left off this receipt, the till is not kept waiting.
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (after != null) {
                    // A regular who never had their card looked up (the till sent it with the sale) is greeted from
                    // memory in the next outage too. Keyed by what the sale as kept named, not by a resent body.
                    cards.keep(KnownCards.keys(read(entry.body(), RecordPurchase.class).member(), recorded.memberId()),
                            json(after), clock.instant());
                }
                String earned = "You earned " + recorded.pointsEarned() + " points"
                        // A sale that earns nothing has no date its points become spendable.
                        + (recorded.availableAt() != null && recorded.availableAt().isAfter(clock.instant())
                        ? " (spendable from "
                        + recorded.availableAt().atZone(java.time.ZoneOffset.UTC).toLocalDate() + ")." : ".");
                yield after == null
                        ? new Receipt(saleId, true, recorded.pointsEarned(), null, null, recorded.tier(), null,
                                recorded.vouchersUsed(), earned)
                        : new Receipt(saleId, true, recorded.pointsEarned(), after.availablePoints(), after.pendingPoints(),
                                after.tier(), progressLine(after), recorded.vouchersUsed(), earned);
            }
        };
    }

    private void voidSale(ServerRequest req, ServerResponse res) {
        String till = till(req);
        String saleId = saleId(req);
        Outbox.Appended appended;
        try (SaleLocks.Taken lock = saleLocks.take(till, saleId)) {
            if (outbox.find(till, PosKinds.SALE, saleId).isPresent()) {
                throw finished(saleId, "was finished: take the goods back as a return");
            }
            appended = queueVoid(till, saleId);
        }
        Outbox.Entry entry = loop.await(till, PosKinds.VOID, saleId, settings.receiptWait()).orElseThrow();
        res.status(appended.already() ? Status.OK_200 : Status.CREATED_201);
        voidReceipt(saleId, entry, res);
    }

    private Outbox.Appended queueVoid(String till, String saleId) {
        List<OpenSales.Held> held = sales.of(till, saleId);
        UUID member = held.stream().filter(h -> h.kind() == OpenSales.Kind.POINTS).map(OpenSales.Held::memberId)
                .findFirst().orElse(null);
        VoidEntry voided = new VoidEntry(member, saleRef(till, saleId),
                held.stream().filter(h -> h.kind() == OpenSales.Kind.VOUCHER).map(OpenSales.Held::reference).toList(),
                held.stream().filter(h -> h.kind() == OpenSales.Kind.POINTS).map(OpenSales.Held::reference).toList());
        return outbox.append(new Outbox.NewEntry(till, PosKinds.VOID, saleId, json(voided), clock.instant()));
    }

    private void voidReceipt(String saleId, Outbox.Entry entry, ServerResponse res) {
        if (entry.state() == Outbox.State.SENT) {
            PosCourier.Voided done = read(entry.outcome(), PosCourier.Voided.class);
            res.send(new VoidReceipt(saleId, true, done.vouchers(), done.pointsReturned(), done.pointsReturned() > 0
                    ? done.pointsReturned() + " points are back on the shopper's account." : "Sale voided."));
        } else {
            res.send(new VoidReceipt(saleId, false, 0, 0, "Sale voided. Vouchers and points held for it will be "
                    + "given back as soon as the loyalty service can be reached."));
        }
    }

    private void returnGoods(ServerRequest req, ServerResponse res) {
        String till = till(req);
        ReturnGoods body = req.content().as(ReturnGoods.class);
        if (body.returnId() == null || !body.returnId().matches(SALE_ID)) {
            throw ProblemException.invalidField("returnId", "Give the return's own id: 1 to 64 letters, digits, '.', "
                    + "'_', ':' or '-'.");
        }
        Instant at = body.occurredAt() == null ? clock.instant() : body.occurredAt();
        Outbox.NewEntry entry;
        String kind;
        if (body.originalSaleId() != null) {
            String originalTill = body.originalTerminal() == null ? till : body.originalTerminal();
            if ((body.lines() == null || body.lines().isEmpty()) == (body.amountMinor() == null)) {
                throw ProblemException.invalidField("lines", "With a receipt, give the items returned or the amount "
                        + "refunded (amountMinor), one of the two.");
            }
            SaleChecks checks = new SaleChecks().required("originalSaleId", body.originalSaleId())
                    .text("originalTerminal", body.originalTerminal()).refund("amountMinor", body.amountMinor())
                    .time("occurredAt", body.occurredAt(), clock.instant());
            List<RecordRefund.ReturnedLine> lines = null;
            if (body.lines() != null) {
                if (body.lines().size() > SaleChecks.MAX_LINES) {
                    checks.lines("lines", List.of());
                }
                for (int i = 0; i < body.lines().size() && i < SaleChecks.MAX_LINES; i++) {
                    ReturnGoods.Item item = body.lines().get(i);
                    checks.required("lines[" + i + "].sku", item == null ? null : item.sku())
                            .quantity("lines[" + i + "].quantity", item == null ? null : item.quantity());
                }
                checks.done();
                lines = body.lines().stream().map(l -> new RecordRefund.ReturnedLine(l.sku(), l.quantity())).toList();
            }
            checks.done();
            kind = PosKinds.RETURN;
            entry = new Outbox.NewEntry(till, kind, body.returnId(), json(new RecordRefund(source(till), body.returnId(),
                    null, source(originalTill), body.originalSaleId(), lines, body.amountMinor(), at, null)), clock.instant());
        } else {
            if (body.member() == null || body.member().equals(new MemberRef(null, null, null, null, null, null))) {
                throw ProblemException.invalidField("member", "Without a receipt, identify the shopper: the points "
                        + "for the items are taken from their account.");
            }
            if (body.lines() == null || body.lines().isEmpty()) {
                throw ProblemException.invalidField("lines", "Without a receipt, list the items with their price.");
            }
            List<PurchaseLine> lines = new ArrayList<>();
            for (ReturnGoods.Item item : body.lines()) {
                lines.add(item == null ? null : new PurchaseLine(item.sku(), item.category(), item.quantity(),
                        item.unitPriceMinor(), 0L));
            }
            new SaleChecks().lines("lines", lines).member("member", body.member())
                    .time("occurredAt", body.occurredAt(), clock.instant()).done();
            kind = PosKinds.UNLINKED_RETURN;
            entry = new Outbox.NewEntry(till, kind, body.returnId(), json(new UnlinkedReturn(source(till),
                    body.returnId(), body.member(), lines, at)), clock.instant());
        }
        Outbox.Appended appended = outbox.append(entry);
        Outbox.Entry kept = loop.await(till, kind, body.returnId(), settings.receiptWait()).orElseThrow();
        res.status(appended.already() ? Status.OK_200 : Status.CREATED_201);
        res.send(switch (kept.state()) {
            case PENDING -> new ReturnReceipt(body.returnId(), false, null,
                    "Points for the returned items will be taken back shortly.");
            case REJECTED -> new ReturnReceipt(body.returnId(), false, null, "The loyalty service could not record "
                    + "this return: " + read(kept.outcome(), Problem.class).detail());
            case SENT -> {
                long reversed = PosKinds.RETURN.equals(kind)
                        ? read(kept.outcome(), RefundRecorded.class).pointsReversed()
                        : read(kept.outcome(), PosCourier.Returned.class).pointsReversed();
                yield new ReturnReceipt(body.returnId(), true, reversed, reversed + " points were taken back.");
            }
        });
    }

    private void status(ServerRequest req, ServerResponse res) {
        till(req);
        Outbox.Stats stats = outbox.stats();
        res.send(new QueueStatus(!forwarder.coreOffline(), stats.pending(), stats.oldestWaiting() == null ? 0
                : Duration.between(stats.oldestWaiting(), clock.instant()).toSeconds(), stats.rejected()));
    }

    /**
     * @param coreReachable    false while the connector has stopped trying the core for a moment
     * @param waiting          entries waiting for the core
     * @param oldestAgeSeconds how long the oldest has waited
     * @param rejected         entries the core refused, waiting for a person
     */
    public record QueueStatus(boolean coreReachable, long waiting, long oldestAgeSeconds, long rejected) {
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private String till(ServerRequest req) {
        return TillToken.till(req, terminals);
    }

    private static String saleId(ServerRequest req) {
        String saleId = RequestParameters.path(req, "saleId");
        if (!saleId.matches(SALE_ID)) {
            throw ProblemException.invalidField("saleId", "A sale id is 1 to 64 letters, digits, '.', '_', ':' or '-'.");
        }
        return saleId;
    }

    private void requireOpen(String till, String saleId) {
        if (outbox.find(till, PosKinds.SALE, saleId).isPresent()) {
            throw finished(saleId, "is already finished");
        }
        if (outbox.find(till, PosKinds.VOID, saleId).isPresent()) {
            throw finished(saleId, "was voided");
        }
    }

    private static ProblemException finished(String saleId, String what) {
        return new ProblemException(Problem.of("sale-closed", "Sale closed", 409, "Sale " + saleId + " " + what + ".",
                "saleId"));
    }

    private PurchaseSource source(String till) {
        return new PurchaseSource("POS", settings.store(), till, null);
    }

    /** The sale's reference at the core, under which its vouchers are held and then used. */
    private String saleRef(String till, String saleId) {
        return source(till).key() + "/" + saleId;
    }

    /** Calls the core for a till that is waiting; out of reach, a 503 problem with {@code detail} for the cashier. */
    private <T> T online(String slug, String detail, java.util.function.Supplier<T> call) {
        if (forwarder.coreOffline()) {
            throw offline(slug, detail);
        }
        try {
            return call.get();
        } catch (PunchcardException e) {
            if (unreachable(e)) {
                throw offline(slug, detail);
            }
            throw new ProblemException(e.problem());
        }
    }

    private static boolean unreachable(PunchcardException e) {
        return e.status() == 0 || e.status() == 429 || e.status() >= 500;
    }

    private static ProblemException offline(String slug, String detail) {
        return new ProblemException(Problem.of(slug, "Loyalty service out of reach", 503, detail, null));
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A kept answer cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
