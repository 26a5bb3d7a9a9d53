package io.punchcard.storefront.forward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.MemberRef;
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

    /** @param exports where data requests' exports are written, a folder per shop */
    public StorefrontCourier(PunchcardClient core, Path exports) {
        this.core = core;
        this.exports = exports;
    }

    @Override
    public boolean batches(String kind) {
        return false;
    }

    @Override
    public List<Delivery> deliver(List<Outbox.Entry> entries) throws Exception {
        Outbox.Entry entry = entries.get(0);
        try {
            Object answer = switch (entry.kind()) {
                case StorefrontKinds.CUSTOMER -> customer(read(entry, ResolveCustomer.class));
                case StorefrontKinds.ORDER -> order(read(entry, OrderEntry.class));
                case StorefrontKinds.REFUND -> core.recordRefund(read(entry, RecordRefund.class));
                case StorefrontKinds.FORGET -> core.unlink(read(entry, UnlinkCustomer.class));
                case StorefrontKinds.EXPORT -> export(read(entry, ExportEntry.class));
                default -> throw new Unreadable("the connector does not know entries of kind " + entry.kind());
            };
            return List.of(new Delivered(Json.mapper().writeValueAsString(answer)));
        } catch (Unreadable e) {
            return List.of(new Refused(Json.mapper().writeValueAsString(Map.of("detail", e.getMessage()))));
        } catch (PunchcardException e) {
            if (!Courier.refusedForGood(e)) {
                throw e;
            }
            return List.of(new Refused(Json.mapper().writeValueAsString(e.problem())));
        }
    }

    /** The customer as a member; a consent the shop states is recorded on a member found, too. */
    private Resolution customer(ResolveCustomer customer) {
        Resolution resolution = core.resolve(customer);
        if (resolution.memberId() != null && !"ENROLLED".equals(resolution.outcome()) && customer.consents() != null) {
            core.updateMember(resolution.memberId(), new UpdateMember(null, null, null, null, null, null, null, null,
                    null, customer.consents()));
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

    private OrderAnswer order(OrderEntry order) {
        String outcome;
        UUID member;
        if (order.customer() != null) {
            Resolution resolution = resolve(order.customer());
            outcome = resolution.outcome();
            member = resolution.memberId();
        } else {
            UUID byEmail = order.guestEmail() == null ? null : holder("email", order.guestEmail());
            UUID byPhone = order.guestPhone() == null ? null : holder("phone", order.guestPhone());
            if (byEmail != null && byPhone != null && !byEmail.equals(byPhone)) {
                outcome = "AMBIGUOUS";
                member = null;
            } else {
                member = byEmail != null ? byEmail : byPhone;
                outcome = byEmail != null ? "GUEST_EMAIL" : byPhone != null ? "GUEST_PHONE" : "ANONYMOUS";
            }
        }
        if ("AMBIGUOUS".equals(outcome)) {
            LOG.log(System.Logger.Level.WARNING, "Order " + order.purchase().externalId() + " of "
                    + order.purchase().source().shop() + ": its e-mail and phone name different members; the purchase "
                    + "is kept without a member and the pair is listed at /api/v1/duplicates.");
        }
        RecordPurchase p = order.purchase();
        RecordPurchase purchase = new RecordPurchase(p.source(), p.externalId(), member == null ? null : MemberRef.id(member),
                p.occurredAt(), p.currency(), p.lines(), p.basketDiscountMinor(), p.taxMinor(), p.shippingMinor(),
                p.totalMinor(), p.tenders(), p.vouchers());
        return new OrderAnswer(outcome, core.recordPurchase(purchase));
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

    /** The member holding this identifier, or null. */
    private UUID holder(String field, String value) {
        try {
            return core.summaryBy(field, value).memberId();
        } catch (PunchcardException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** @param file where the export was written */
    public record Exported(String file, boolean memberFound) {
    }

    private Exported export(ExportEntry request) throws IOException {
        UUID member = holder("externalId", request.externalId());
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
        try {
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, ".export-", ".part");
            Files.write(partial, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the export " + file + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "Data request " + request.requestId() + " of shop " + request.shop()
                + " answered in " + file);
        return new Exported(file.toString(), member != null);
    }

    private static <T> T read(Outbox.Entry entry, Class<T> type) {
        try {
            return Json.mapper().readValue(entry.body(), type);
        } catch (JsonProcessingException e) {
            throw new Unreadable("the kept body cannot be read: " + e.getOriginalMessage());
        }
    }

    /** A body no retry will ever send: refused at once, kept for a person, instead of holding up the queue. */
    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
