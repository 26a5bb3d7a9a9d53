package io.punchcard.loyalty.search;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the rows, newest first
 * @param next  where the next page starts, or null when this is the last
 */
public record Page<T>(List<T> items, Cursor next) {

    public Page {
        items = List.copyOf(items);
    }
}
