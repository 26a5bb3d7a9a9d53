package io.punchcard.storefront.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseBatchResult;
import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.Resolution;
import io.punchcard.api.v1.ResolveCustomer;
import io.punchcard.api.v1.UnlinkCustomer;
import io.punchcard.api.v1.UpdateMember;
import io.punchcard.outbox.Courier;
import io.punchcard.outbox.Outbox;
import io.punchcard.storefront.mapping.OrderEntry;

/**
 * How a shop's entries reach the core, one at a time. Every step is safe to repeat: a customer resolved again is
 * matched by the id linked the first time, a purchase and a refund are idempotent on the shop's ids, an unlink
 * that finds nothing linked changes nothing, and an export is written again over itself.
 */
public final class StorefrontCourier implements Courier {

    private static final System.Logger LOG = System.getLogger(StorefrontCourier.class.getName());

    private final PunchcardClient core;
    private final Path exports;
    private final WebhookEntry.Retake retake;

    /**
     * @param exports where data requests' exports are written, a folder per shop
     * @param retake  takes a webhook that was set aside again, when a person puts it back on the queue
     */
    public StorefrontCourier(PunchcardClient core, Path exports, WebhookEntry.Retake retake) {
        this.core = core;
        this.exports = exports;
        this.retake = retake;
    }

    /** Paid orders go in runs: each buyer resolved, then the purchases recorded in one batch request. */
    @Override
    public boolean batches(String kind) {
        return StorefrontKinds.ORDER.equals(kind);
    }

    @Override
    public List<Delivery> deliver(List<Outbox.Entry> entries) throws Exception {
        Outbox.Entry entry = entries.get(0);
        if (entry.kind().equals(StorefrontKinds.ORDER)) {
            return orders(entries);
        }
        Object answer = switch (entry.kind()) {
            case StorefrontKinds.CUSTOMER -> customer(Courier.read(entry, CustomerEntry.class));
            case StorefrontKinds.REFUND -> refund(Courier.read(entry, RefundEntry.class));
            case StorefrontKinds.FORGET -> core.unlink(Courier.read(entry, UnlinkCustomer.class));
            case StorefrontKinds.EXPORT -> export(Courier.read(entry, ExportEntry.class));
            case StorefrontKinds.WEBHOOK -> retake.retake(entry.stream(), entry.reference(),
                    Courier.read(entry, WebhookEntry.class), entry.at());
            default -> throw new Undeliverable("the connector does not know entries of kind " + entry.kind());
        };
        return List.of(new Delivered(Json.mapper().writeValueAsString(answer)));
    }

    /**
     * The customer as a member. A new member joins with the consents the shop states. On a change
     * (customers/update), a consent is recorded on the member found only when the shop dates it later than the
     * member's own: a shopper who unsubscribed at the till today is not subscribed again by a shop's record of
     * two years ago, nor by an undated one.
     */
    private Resolution customer(CustomerEntry entry) {
        ResolveCustomer customer = entry.customer();
        Resolution resolution = core.resolve(customer);
        if (!entry.update() || resolution.memberId() == null || "ENROLLED".equals(resolution.outcome())
                || customer.consents() == null) {
            return resolution;
        }
        Map<String, Consent> held = core.member(resolution.memberId()).consents();
        Map<String, Consent> newer = new LinkedHashMap<>();
        customer.consents().forEach((channel, stated) -> {
            Consent own = held == null ? null : held.get(channel);
            if (stated.at() != null && (own == null || own.at() == null || stated.at().isAfter(own.at()))) {
                newer.put(channel, stated);
            }
        });
        if (!newer.isEmpty()) {
            core.updateMember(resolution.memberId(), new UpdateMember(null, null, null, null, null, null, null, null,
                    null, newer));
        }
        return resolution;
    }

    /**
     * @param outcome  how the buyer was found: EXTERNAL_ID, EMAIL, PHONE, ENROLLED, GUEST_EMAIL, GUEST_PHONE,
     *                 AMBIGUOUS (listed for a manager; the purchase is kept without a member) or ANONYMOUS
     * @param purchase the core's answer
     */
    public record OrderAnswer(String outcome, PurchaseRecorded purchase) {
    }

    /**
     * A run of paid orders: each buyer found (or enrolled), then every purchase in one batch request; the core
     * answers each on its own, so one refused purchase is kept for a person and the rest are recorded.
     */
    private List<Delivery> orders(List<Outbox.Entry> entries) throws Exception {
        Delivery[] deliveries = new Delivery[entries.size()];
        List<Integer> sent = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        List<RecordPurchase> purchases = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            OrderEntry order;
            try {
                order = Courier.read(entries.get(i), OrderEntry.class);
            } catch (Undeliverable e) {
                deliveries[i] = new Refused(Courier.problem(e));
                continue;
            }
            Buyer buyer = buyer(order);
            RecordPurchase p = order.purchase();
            purchases.add(new RecordPurchase(p.source(), p.externalId(), buyer.member() == null ? null
                    : MemberRef.id(buyer.member()), p.occurredAt(), p.currency(), p.lines(), p.basketDiscountMinor(),
                    p.taxMinor(), p.shippingMinor(), p.totalMinor(), p.tenders(), p.vouchers()));
            outcomes.add(buyer.outcome());
            sent.add(i);
        }
        if (!purchases.isEmpty()) {
            PurchaseBatchResult answer = core.recordPurchases(purchases);
            for (PurchaseBatchResult.Item item : answer.results()) {
                int index = sent.get(item.index());
                deliveries[index] = item.status() < 300
                        ? new Delivered(Json.mapper().writeValueAsString(new OrderAnswer(outcomes.get(item.index()),
                                item.purchase())))
                        : new Refused(Json.mapper().writeValueAsString(item.problem()));
            }
        }
        for (Delivery delivery : deliveries) {
            if (delivery == null) {
                throw new IllegalStateException("the core's answer left out an order of the batch");
            }
        }
        return List.of(deliveries);
    }

    /** @param member who bought, or null; @param outcome how they were found */
    private record Buyer(UUID member, String outcome) {
    }

    /**
     * The shop's customer resolved at the core (linked, or enrolled); a guest looked up by e-mail, else by phone
     * (the e-mail is what the checkout confirmed), and never enrolled.
     */
    private Buyer buyer(OrderEntry order) {
        if (order.customer() != null) {
            Resolution resolution = resolve(order.customer());
            if ("AMBIGUOUS".equals(resolution.outcome())) {
                LOG.log(System.Logger.Level.WARNING, "Order " + order.purchase().externalId() + " of "
                        + order.purchase().source().shop() + ": its customer's e-mail and phone name different members; "
                        + "the purchase is kept without a member and the pair is listed at /api/v1/duplicates.");
            }
            return new Buyer(resolution.memberId(), resolution.outcome());
        }
        UUID byEmail = order.guestEmail() == null ? null : holder("email", order.guestEmail());
        if (byEmail != null) {
            return new Buyer(byEmail, "GUEST_EMAIL");
        }
        UUID byPhone = order.guestPhone() == null ? null : holder("phone", order.guestPhone());
        return byPhone != null ? new Buyer(byPhone, "GUEST_PHONE") : new Buyer(null, "ANONYMOUS");
    }

    /**
     * The buyer as a member. Should the core refuse the customer for good (the mapping sends only identifiers it
     * reads as the core does, so it should not), the purchase is still kept, without a member, not lost with it.
     */
    private Resolution resolve(ResolveCustomer customer) {
        try {
            return core.resolve(customer);
        } catch (PunchcardException e) {
            if (!Courier.refusedForGood(e)) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "The core refused customer " + customer.externalId() + " ("
                    + e.getMessage() + "); the order is kept without a member.");
            return new Resolution(null, "UNRESOLVED", List.of());
        }
    }

    /**
     * A refund; one by items the core does not know on the purchase (an item an order edit added) is recorded by
     * the money it gave back instead, under the same id, rather than not at all.
     */
    private Object refund(RefundEntry entry) {
        try {
            return core.recordRefund(entry.refund());
        } catch (PunchcardException e) {
            // Only a refusal of the items themselves (lines[0].sku "was not bought", too many) falls back.
            boolean items = (e.status() == 400 || e.status() == 422) && e.problem() != null
                    && e.problem().field() != null && e.problem().field().startsWith("lines");
            if (!items || entry.fallbackAmount() == null) {
                throw e;
            }
            RecordRefund r = entry.refund();
            LOG.log(System.Logger.Level.WARNING, "Refund " + r.externalId() + " by items was refused (" + e.getMessage()
                    + "); recorded by its amount instead.");
            return core.recordRefund(new RecordRefund(r.source(), r.externalId(), r.purchaseId(), r.purchaseSource(),
                    r.purchaseExternalId(), null, entry.fallbackAmount(), r.occurredAt(), null));
        }
    }

    /** The member holding this identifier, or null (none, or an identifier the core would not read). */
    private UUID holder(String field, String value) {
        try {
            return core.summaryBy(field, value).memberId();
        } catch (PunchcardException e) {
            if (e.status() == 404 || Courier.refusedForGood(e)) {
                return null;
            }
            throw e;
        }
    }

    /** @param file where the export was written */
    public record Exported(String file, boolean memberFound) {
    }

    private Exported export(ExportEntry request) throws JsonProcessingException {
        UUID member = holder("externalId", request.externalId());
        if (member == null && request.email() != null) {
            // A shopper who only ever checked out as a guest: their orders went to the member with their e-mail.
            member = holder("email", request.email());
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("shop", request.shop());
        document.put("dataRequest", request.requestId());
        document.put("customer", request.externalId());
        if (member == null) {
            document.put("note", "The loyalty program holds nothing linked to this customer.");
        } else {
            JsonNode export = core.export(member);
            document.put("member", export);
        }
        Path folder = exports.resolve(request.shop());
        Path file = folder.resolve("data-request-" + request.requestId().replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        Path partial = null;
        try {
            Files.createDirectories(folder);
            partial = Files.createTempFile(folder, ".export-", ".part");
            Files.write(partial, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The connector's own disk, not the core: set aside for a person rather than holding up every shop's queue.
            LOG.log(System.Logger.Level.ERROR, "Cannot write the export " + file + ": " + e.getMessage());
            throw new Undeliverable("the export could not be written to " + file + ": " + e.getMessage());
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot remove " + partial + ": " + e.getMessage());
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "Data request " + request.requestId() + " of shop " + request.shop()
                + " answered in " + file);
        return new Exported(file.toString(), member != null);
    }
}
