package io.punchcard.loyalty.program;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The loyalty program: currency, earning rules, pending and expiry policy, tiers, voucher templates, the
 * rewards catalog and the stores. Saved as versioned data; every purchase records the version it was
 * evaluated under.
 *
 * @param currency         the one currency of the program (ISO 4217); purchases in another are refused
 * @param timezone         the zone in which day-of-week and time-of-day rules are read, unless the store has its own
 * @param phoneRegion      ISO 3166 region for phone numbers written without a country code
 * @param earning          how purchases earn points
 * @param pending          how long earned points wait before they can be spent
 * @param expiry           how long a lot of points lives
 * @param tiers            the tier ladder
 * @param voucherTemplates what vouchers can be issued
 * @param rewards          what points can buy
 * @param stores           the chain's shops
 */
public record Program(
        String currency,
        String timezone,
        String phoneRegion,
        EarningRules earning,
        PendingPolicy pending,
        ExpiryPolicy expiry,
        TierLadder tiers,
        List<VoucherTemplate> voucherTemplates,
        List<Reward> rewards,
        List<Store> stores) {

    public Program {
        voucherTemplates = voucherTemplates == null ? List.of() : List.copyOf(voucherTemplates);
        rewards = rewards == null ? List.of() : List.copyOf(rewards);
        stores = stores == null ? List.of() : List.copyOf(stores);
    }

    /** Everything wrong with this program; empty when it can be saved. */
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        try {
            if (currency == null || !Currency.getInstance(currency).getCurrencyCode().equals(currency)) {
                violations.add(new Violation("currency", "must be an ISO 4217 code such as EUR"));
            }
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("currency", "'" + currency + "' is not an ISO 4217 currency code"));
        }
        if (!validZone(timezone)) {
            violations.add(new Violation("timezone", "'" + timezone + "' is not a time zone such as Europe/Berlin"));
        }
        if (phoneRegion == null || !phoneRegion.matches("[A-Z]{2}")) {
            violations.add(new Violation("phoneRegion", "must be a two-letter region code such as DE"));
        }
        require(violations, earning, "earning").ifPresent(e -> e.validate("earning", violations));
        require(violations, pending, "pending").ifPresent(p -> p.validate("pending", violations));
        require(violations, expiry, "expiry").ifPresent(x -> x.validate("expiry", violations));
        require(violations, tiers, "tiers").ifPresent(t -> t.validate("tiers", violations));
        Set<String> templateCodes = new HashSet<>();
        for (int i = 0; i < voucherTemplates.size(); i++) {
            VoucherTemplate template = voucherTemplates.get(i);
            template.validate("voucherTemplates[" + i + "]", violations);
            if (!templateCodes.add(template.code())) {
                violations.add(new Violation("voucherTemplates[" + i + "].code", "'" + template.code() + "' is used twice"));
            }
        }
        Set<String> rewardCodes = new HashSet<>();
        for (int i = 0; i < rewards.size(); i++) {
            Reward reward = rewards.get(i);
            reward.validate("rewards[" + i + "]", violations);
            if (reward.voucherTemplate() != null && !templateCodes.contains(reward.voucherTemplate())) {
                violations.add(new Violation("rewards[" + i + "].voucherTemplate",
                        "no voucher template '" + reward.voucherTemplate() + "'"));
            }
            if (!rewardCodes.add(reward.code())) {
                violations.add(new Violation("rewards[" + i + "].code", "'" + reward.code() + "' is used twice"));
            }
        }
        Set<String> storeCodes = new HashSet<>();
        for (int i = 0; i < stores.size(); i++) {
            Store store = stores.get(i);
            store.validate("stores[" + i + "]", violations);
            if (!storeCodes.add(store.code())) {
                violations.add(new Violation("stores[" + i + "].code", "'" + store.code() + "' is used twice"));
            }
        }
        return List.copyOf(violations);
    }

    /** The store with this code. */
    public Optional<Store> store(String code) {
        return stores.stream().filter(s -> s.code().equals(code)).findFirst();
    }

    /** The voucher template with this code. */
    public Optional<VoucherTemplate> voucherTemplate(String code) {
        return voucherTemplates.stream().filter(t -> t.code().equals(code)).findFirst();
    }

    /** The reward with this code. */
    public Optional<Reward> reward(String code) {
        return rewards.stream().filter(r -> r.code().equals(code)).findFirst();
    }

    /** The zone a purchase at {@code storeCode} is read in (the store's own, else the program's). */
    public ZoneId zoneFor(String storeCode) {
        return store(storeCode).map(Store::timezone).filter(Program::validZone).map(ZoneId::of)
                .orElse(ZoneId.of(timezone));
    }

    static boolean validZone(String zone) {
        try {
            return zone != null && ZoneId.of(zone) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static <T> Optional<T> require(List<Violation> violations, T value, String field) {
        if (value == null) {
            violations.add(new Violation(field, "is required"));
        }
        return Optional.ofNullable(value);
    }
}
