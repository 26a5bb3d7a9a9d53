package io.punchcard.api.v1;

import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/members/cards}: the members with these ids, each with their card, in one call. A read with
 * no effect (POST only because 500 ids do not fit in a URL).
 *
 * @param ids 1 to {@link #MAX_IDS} member ids; a repeated id is answered once
 */
public record LookUpCards(List<UUID> ids) {

    /** The most ids one call may ask for. */
    public static final int MAX_IDS = 500;
}
