package io.punchcard.pos.forward;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.PurchaseBatchResult;
import io.punchcard.api.v1.Quote;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.outbox.Courier;
import io.punchcard.outbox.Outbox;

/**
 * How a store's entries reach the core: runs of sales in one batch request, a return, a return without a
 * receipt or a void on its own. Each is safe to repeat: sales and returns are idempotent on their ids at the
 * core, the points of a return without a receipt are taken by an adjustment with the return's id, and a void
 * gives back only what is still held.
 */
public final class PosCourier implements Courier {

    private final PunchcardClient core;

    public PosCourier(PunchcardClient core) {
        this.core = core;
    }

    @Override
    public boolean batches(String kind) {
        return PosKinds.SALE.equals(kind);
    }

    @Override
    public List<Delivery> deliver(List<Outbox.Entry> entries) throws Exception {
        Outbox.Entry first = entries.get(0);
        return switch (first.kind()) {
            case PosKinds.SALE -> sales(entries);
            case PosKinds.RETURN -> delivered(core.recordRefund(Courier.read(first, RecordRefund.class)));
            case PosKinds.UNLINKED_RETURN -> delivered(takeBack(Courier.read(first, UnlinkedReturn.class), first.stream()));
            case PosKinds.VOID -> delivered(giveBack(Courier.read(first, VoidEntry.class)));
            default -> throw new Undeliverable("the connector does not know entries of kind " + first.kind());
        };
    }

    private static List<Delivery> delivered(Object answer) throws JsonProcessingException {
        return List.of(new Delivered(Json.mapper().writeValueAsString(answer)));
    }

    private List<Delivery> sales(List<Outbox.Entry> entries) throws JsonProcessingException {
        Delivery[] deliveries = new Delivery[entries.size()];
        List<Integer> readable = new ArrayList<>();
        List<RecordPurchase> sales = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                sales.add(Courier.read(entries.get(i), RecordPurchase.class));
                readable.add(i);
            } catch (Undeliverable e) {
                deliveries[i] = new Refused(Courier.problem(e));
            }
        }
        if (!sales.isEmpty()) {
            PurchaseBatchResult answer = core.recordPurchases(sales);
            for (PurchaseBatchResult.Item item : answer.results()) {
                int index = readable.get(item.index());
                deliveries[index] = item.status() < 300
                        ? new Delivered(Json.mapper().writeValueAsString(item.purchase()))
                        : new Refused(Json.mapper().writeValueAsString(item.problem()));
            }
        }
        return List.of(deliveries);
    }

    /**
     * The points of a return without a receipt: what the items earn today on their own (quoted for the shopper),
     * taken back by an adjustment whose id is the return's, so a resend takes them once.
     */
    private Returned takeBack(UnlinkedReturn goods, String terminal) {
        Quote quote = core.quote(new QuoteRequest(goods.source(), goods.member(), goods.occurredAt(), null,
                goods.lines(), 0L, null));
        if (quote.memberId() == null || quote.points() == 0) {
            return new Returned(0);
        }
        core.adjust(quote.memberId(), new AdjustPoints("return:" + goods.source().key() + "/" + goods.returnId(),
                -quote.points(), "return without receipt " + goods.returnId() + " at store " + goods.source().store(),
                "till " + terminal));
        return new Returned(quote.points());
    }

    /** @param pointsReversed points taken back */
    public record Returned(long pointsReversed) {
    }

    /**
     * Gives back what a voided sale held. A voucher no longer held for it (the hold ran out) and a tender the
     * core does not know (never taken) have nothing to give back; every other failure is tried again, and every
     * step is safe to repeat.
     */
    private Voided giveBack(VoidEntry voided) {
        int released = 0;
        for (String code : voided.vouchers()) {
            try {
                core.releaseVoucher(code, voided.saleRef());
                released++;
            } catch (PunchcardException e) {
                if (e.status() != 404 && e.status() != 409) {
                    throw e;
                }
            }
        }
        long points = 0;
        for (String redemption : voided.redemptionIds()) {
            try {
                points += core.cancelTender(voided.memberId(), redemption).points();
            } catch (PunchcardException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        return new Voided(released, points);
    }

    /**
     * @param vouchers       vouchers released
     * @param pointsReturned points given back
     */
    public record Voided(int vouchers, long pointsReturned) {
    }
}
