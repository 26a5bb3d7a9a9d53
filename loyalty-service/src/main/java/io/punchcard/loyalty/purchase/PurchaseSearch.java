package io.punchcard.loyalty.purchase;

import io.punchcard.api.v1.PurchasePage;
import io.punchcard.loyalty.search.Page;

/** Purchases as recorded, listed and added up, so an import (or a day's trade) can be checked. */
public interface PurchaseSearch {

    /** A page of the purchases {@code query} matches, newest first, with totals over all it matches. */
    Found search(PurchaseQuery query);

    /**
     * @param page   the page
     * @param totals over every purchase the filters match, not just this page
     */
    record Found(Page<PurchasePage.Item> page, PurchasePage.Totals totals) {
    }
}
