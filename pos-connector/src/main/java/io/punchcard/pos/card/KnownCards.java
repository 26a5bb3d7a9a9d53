package io.punchcard.pos.card;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.MemberRef;

/**
 * The member cards this store has seen, kept for when the core cannot be reached: a till can still greet a
 * regular by name and show their tier and points, marked with how old that is. A card is seen when a till looks it
 * up, and when a finished sale names it and the core's answer comes with the member's balance.
 */
public interface KnownCards {

    /** What a till scans or types, as it is kept: {@code card:…}, {@code qr:…}, {@code phone:…} without spaces. */
    static String key(String field, String value) {
        return field + ":" + (field.equals("phone") ? value.replaceAll("[\\s().-]", "") : value);
    }

    /**
     * The keys a sale's shopper can be looked up by again: the card, QR token or phone the sale named (the core
     * resolved it to {@code member}), and the member's id.
     */
    static List<String> keys(MemberRef named, UUID member) {
        List<String> keys = new ArrayList<>();
        if (named != null) {
            if (named.card() != null) {
                keys.add(key("card", named.card().strip()));
            }
            if (named.qr() != null) {
                keys.add(key("qr", named.qr().strip()));
            }
            if (named.phone() != null) {
                keys.add(key("phone", named.phone().strip()));
            }
        }
        keys.add("member:" + member);
        return keys;
    }

    /** Keeps {@code card} (as the core sent it) under each of {@code identifiers} ({@code card:…}, {@code phone:…}). */
    void keep(List<String> identifiers, String card, Instant at);

    /** The last card seen under {@code identifier}. */
    Optional<Known> find(String identifier);

    /**
     * @param card the card as the core sent it
     * @param at   when it was fetched
     */
    record Known(String card, Instant at) {
    }
}
