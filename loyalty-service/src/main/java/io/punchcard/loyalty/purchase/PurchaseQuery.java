package io.punchcard.loyalty.purchase;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.punchcard.loyalty.program.Channel;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Violation;
import io.punchcard.loyalty.search.Cursor;
import io.punchcard.loyalty.search.Parameters;

/**
 * Which purchases to list: every filter optional, all of them applied together.
 *
 * @param memberId   the member credited
 * @param store      the store's code
 * @param channel    POS or ONLINE
 * @param source     the source key ({@code pos:9:34}, {@code online:shopify:acme.myshopify.com})
 * @param externalId the source's id of the sale
 * @param period     when the purchases occurred
 * @param history    only history purchases (true) or only live ones (false); null for both
 * @param after      where the page starts, null for the first
 * @param limit      rows on the page
 * @param scope      the stores whose purchases alone the caller may see; empty for every store
 */
public record PurchaseQuery(UUID memberId, String store, Channel channel, String source, String externalId,
                            Parameters.Period period, Boolean history, Cursor after, int limit, List<String> scope) {

    public PurchaseQuery {
        scope = List.copyOf(scope);
    }

    /** The same filters, restricted to {@code onlyStore}. */
    public PurchaseQuery inStore(String onlyStore) {
        return new PurchaseQuery(memberId, onlyStore, channel, source, externalId, period, history, after, limit,
                scope);
    }

    /** The same filters, restricted to the purchases of {@code stores}. */
    public PurchaseQuery within(List<String> stores) {
        return new PurchaseQuery(memberId, store, channel, source, externalId, period, history, after, limit, stores);
    }

    /** The query a request's parameters make, or what is wrong with them. */
    public static Checked<PurchaseQuery> of(Function<String, Optional<String>> raw) {
        List<Violation> violations = new ArrayList<>();
        Parameters parameters = new Parameters(raw, violations);
        UUID memberId = parameters.uuid("memberId");
        String store = parameters.text("store");
        String channelName = parameters.text("channel");
        Channel channel = null;
        if (channelName != null) {
            switch (channelName) {
                case "POS" -> channel = Channel.POS;
                case "ONLINE" -> channel = Channel.ONLINE;
                default -> violations.add(new Violation("channel", "must be POS or ONLINE"));
            }
        }
        String source = parameters.text("source");
        String externalId = parameters.text("externalId");
        Parameters.Period period = parameters.period("from", "to");
        Boolean history = parameters.bool("history");
        Cursor after = parameters.after();
        int limit = parameters.limit();
        Channel wanted = channel;
        return Checked.of(violations, () -> new PurchaseQuery(memberId, store, wanted, source, externalId, period,
                history, after, limit, List.of()));
    }
}
