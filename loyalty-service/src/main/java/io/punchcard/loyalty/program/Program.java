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
            currencyInName(violations, "voucherTemplates[" + i + "].name", template.name());
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
            currencyInName(violations, "rewards[" + i + "].name", reward.name());
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

    /** The same program with {@code store} in place of the one with its code, or added after the others. */
    public Program withStore(Store store) {
        return new Program(currency, timezone, phoneRegion, earning, pending, expiry, tiers, voucherTemplates, rewards,
                put(stores, store, Store::code));
    }

    /** The same program with {@code template} in place of the one with its code, or added after the others. */
    public Program withVoucherTemplate(VoucherTemplate template) {
        return new Program(currency, timezone, phoneRegion, earning, pending, expiry, tiers,
                put(voucherTemplates, template, VoucherTemplate::code), rewards, stores);
    }

    /** The same program with {@code reward} in place of the one with its code, or added after the others. */
    public Program withReward(Reward reward) {
        return new Program(currency, timezone, phoneRegion, earning, pending, expiry, tiers, voucherTemplates,
                put(rewards, reward, Reward::code), stores);
    }

    /** The same program without the voucher template {@code code}. */
    public Program withoutVoucherTemplate(String code) {
        return new Program(currency, timezone, phoneRegion, earning, pending, expiry, tiers,
                voucherTemplates.stream().filter(t -> !t.code().equals(code)).toList(), rewards, stores);
    }

    /** The same program without the reward {@code code}. */
    public Program withoutReward(String code) {
        return new Program(currency, timezone, phoneRegion, earning, pending, expiry, tiers, voucherTemplates,
                rewards.stream().filter(r -> !r.code().equals(code)).toList(), stores);
    }

    /** The same program with another tier ladder. */
    public Program withTiers(TierLadder ladder) {
        return new Program(currency, timezone, phoneRegion, earning, pending, expiry, ladder, voucherTemplates,
                rewards, stores);
    }

    /** The same program with other earning rules. */
    public Program withEarning(EarningRules rules) {
        return new Program(currency, timezone, phoneRegion, rules, pending, expiry, tiers, voucherTemplates, rewards,
                stores);
    }

    /** The same program with {@code rule} in place of the earning rule with its id, or added after the others. */
    public Program withEarningRule(EarningRule rule) {
        return withEarning(new EarningRules(earning.pointsPerUnit(), earning.unitMinor(), earning.excludedCategories(),
                put(earning.rules(), rule, EarningRule::id), earning.maxPointsPerPurchase(), earning.pointsTenderEarns()));
    }

    /** The same program without the earning rule {@code id}. */
    public Program withoutEarningRule(String id) {
        return withEarning(new EarningRules(earning.pointsPerUnit(), earning.unitMinor(), earning.excludedCategories(),
                earning.rules().stream().filter(r -> !id.equals(r.id())).toList(), earning.maxPointsPerPurchase(),
                earning.pointsTenderEarns()));
    }

    private static <T> List<T> put(List<T> list, T item, java.util.function.Function<T, String> key) {
        List<T> result = new ArrayList<>(list);
        for (int i = 0; i < result.size(); i++) {
            if (key.apply(result.get(i)).equals(key.apply(item))) {
                result.set(i, item);
                return result;
            }
        }
        result.add(item);
        return result;
    }

    /** A name that says an amount in another currency is wrong once the currency changes. */
    private void currencyInName(List<Violation> violations, String field, String name) {
        Money.otherCurrencyIn(name, currency).ifPresent(other -> violations.add(new Violation(field, "names " + other
                + " but the program counts in " + currency + "; leave the name out to have it said in the program's "
                + "currency")));
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

    /** The program's own zone: the one days are counted in when no store says otherwise (points expiry days). */
    public ZoneId zone() {
        return ZoneId.of(timezone);
    }

    /** The zone a member's days are counted in: their preferred store's, else their join store's, else the program's. */
    public ZoneId memberZone(String preferredStore, String joinStore) {
        return storeZone(preferredStore).or(() -> storeZone(joinStore)).orElse(zone());
    }

    private Optional<ZoneId> storeZone(String code) {
        return code == null ? Optional.empty()
                : store(code).map(Store::timezone).filter(Program::validZone).map(ZoneId::of);
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
