package io.punchcard.loyalty.access;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which scopes may call which routes of {@code /api/v1}. One table, read top to bottom; a route that matches no
 * row is for ADMIN keys only, so a new route is closed until someone opens it here.
 */
public final class Access {

    private record Rule(String method, Pattern path, List<Scope> scopes) {
    }

    private static final List<Scope> ALL = List.of(Scope.ADMIN, Scope.CONNECTOR, Scope.STORE, Scope.KIOSK);
    private static final List<Scope> TRADE = List.of(Scope.ADMIN, Scope.CONNECTOR, Scope.STORE);

    private static final Pattern PUBLIC = Pattern.compile("/api/v1(/about)?/?");

    private static final List<Rule> RULES = List.of(
            rule("GET", "/api/v1/program", ALL),
            rule("GET", "/api/v1/access", ALL),
            rule("POST", "/api/v1/members", ALL),
            rule("GET", "/api/v1/members", ALL),
            rule("GET", "/api/v1/members/[^/]+(/summary|/vouchers)?", ALL),
            // A connector answers a shop's data requests (Shopify's customers/data_request) with the export.
            rule("GET", "/api/v1/members/[^/]+/export", List.of(Scope.ADMIN, Scope.CONNECTOR)),
            rule("POST", "/api/v1/members/[^/]+/erase", List.of(Scope.ADMIN)),
            rule("POST", "/api/v1/members/[^/]+/rewards", ALL),
            rule("PATCH", "/api/v1/members/[^/]+", TRADE),
            rule("GET", "/api/v1/members/[^/]+/ledger", TRADE),
            rule("POST", "/api/v1/members/[^/]+/(redemptions(/[^/]+/cancel)?|adjustments)", TRADE),
            rule("POST", "/api/v1/(purchases|purchases/batch|refunds|checkout/quote)", TRADE),
            // A STORE key lists its own store's purchases only (PurchasesService narrows the filter).
            rule("GET", "/api/v1/purchases", TRADE),
            rule("POST", "/api/v1/vouchers", TRADE),
            rule("GET", "/api/v1/vouchers/[^/]+", ALL),
            rule("POST", "/api/v1/vouchers/[^/]+/validate", ALL),
            rule("POST", "/api/v1/vouchers/[^/]+/(holds|commit|release)", TRADE),
            rule("GET", "/api/v1/events", List.of(Scope.ADMIN, Scope.CONNECTOR)),
            rule("POST", "/api/v1/members/(resolve|unlink)", List.of(Scope.ADMIN, Scope.CONNECTOR)),
            // Up to 500 members' contact details and cards at once: for the scheduler's mails, never a till or kiosk.
            rule("POST", "/api/v1/members/cards", List.of(Scope.ADMIN, Scope.CONNECTOR)),
            // A campaign's grant to a whole segment: for the scheduler, never a till or a kiosk.
            rule("POST", "/api/v1/(adjustments|vouchers)/batch", List.of(Scope.ADMIN, Scope.CONNECTOR)),
            // The scheduler puts an earning campaign's rule in the program while it runs: rules named campaign.<id>
            // only (EarningRule makes such a rule name its campaign), never the rest of the program.
            rule("PUT", "/api/v1/program/earning/rules/campaign\\.[^/]+", List.of(Scope.ADMIN, Scope.CONNECTOR)),
            rule("DELETE", "/api/v1/program/earning/rules/campaign\\.[^/]+", List.of(Scope.ADMIN, Scope.CONNECTOR)),
            rule("GET", "/api/v1/duplicates", TRADE),
            rule("POST", "/api/v1/members/[^/]+/merge", TRADE),
            rule("GET", "/api/v1/members/[^/]+/timeline", TRADE));

    private Access() {
    }

    private static Rule rule(String method, String path, List<Scope> scopes) {
        return new Rule(method, Pattern.compile(path + "/?"), scopes);
    }

    /** Whether {@code method path} is open without a key: the index and the about resource, nothing else. */
    public static boolean isPublic(String method, String path) {
        return method.equals("GET") && PUBLIC.matcher(path).matches();
    }

    /** Whether {@code scope} may call {@code method path}. */
    public static boolean allows(Scope scope, String method, String path) {
        if (scope == Scope.ADMIN) {
            return true;
        }
        for (Rule rule : RULES) {
            if (rule.method().equals(method) && rule.path().matcher(path).matches()) {
                return rule.scopes().contains(scope);
            }
        }
        return false;
    }
}
