package io.punchcard.loyalty.access;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which scopes may call which routes of {@code /api/v1}. One table, read top to bottom; a route that matches no
 * row is for ADMIN keys only, so a new route is closed until someone opens it here.
 *
 * <p>A KIOSK key stands in a public place and may be stolen from the kiosk, so it can do little alone: learn the
 * program, enrol a shopper and open a session for the member the shopper proved to be. Everything that reads or
 * spends a member's points needs that session ({@code X-Kiosk-Session}) and is for the session's member only; a
 * row says where the member is named (the path or the {@code memberId} query parameter) so it can be checked
 * before anything is read.
 */
public final class Access {

    /** What a KIOSK key may do on a route. */
    private enum Kiosk {
        /** Nothing. */
        NEVER,
        /** Call it without a session. */
        WITHOUT_SESSION,
        /** Call it in a live session, for the member the path names ({@code members/{id}}), who must be its member. */
        MEMBER_IN_PATH,
        /** Call it in a live session, with {@code memberId} the session's member. */
        MEMBER_IN_QUERY,
        /** Call it in a live session; the handler checks that the voucher is the session member's. */
        MEMBERS_VOUCHER
    }

    private record Rule(String method, Pattern path, List<Scope> scopes, Kiosk kiosk) {
    }

    private static final List<Scope> TRADE = List.of(Scope.ADMIN, Scope.CONNECTOR, Scope.STORE);

    private static final Pattern PUBLIC = Pattern.compile("/api/v1(/about)?/?");

    private static final List<Rule> RULES = List.of(
            kiosk("GET", "/api/v1/program", TRADE, Kiosk.WITHOUT_SESSION),
            kiosk("GET", "/api/v1/access", TRADE, Kiosk.WITHOUT_SESSION),
            kiosk("POST", "/api/v1/members", TRADE, Kiosk.WITHOUT_SESSION),
            // A kiosk opens its own sessions by what its scanner read; a connector (the service that checked a
            // shopper's one-time code) opens one for a kiosk by phone. KioskService tells the two apart.
            kiosk("POST", "/api/v1/kiosk/sessions", List.of(Scope.ADMIN, Scope.CONNECTOR), Kiosk.WITHOUT_SESSION),
            kiosk("DELETE", "/api/v1/kiosk/sessions/current", List.of(), Kiosk.WITHOUT_SESSION),
            // Looking members up by phone or e-mail would let a stolen kiosk key find anyone: a kiosk opens a session.
            rule("GET", "/api/v1/members", TRADE),
            // The till's scan (a card by identifier): a kiosk reads its session member's card by id.
            rule("GET", "/api/v1/members/summary", TRADE),
            kiosk("GET", "/api/v1/members/([^/]+)(/summary|/vouchers)?", TRADE, Kiosk.MEMBER_IN_PATH),
            // A connector answers a shop's data requests (Shopify's customers/data_request) with the export.
            rule("GET", "/api/v1/members/[^/]+/export", List.of(Scope.ADMIN, Scope.CONNECTOR)),
            rule("POST", "/api/v1/members/[^/]+/erase", List.of(Scope.ADMIN)),
            kiosk("POST", "/api/v1/members/([^/]+)/rewards", TRADE, Kiosk.MEMBER_IN_PATH),
            rule("PATCH", "/api/v1/members/[^/]+", TRADE),
            rule("GET", "/api/v1/members/[^/]+/ledger", TRADE),
            rule("POST", "/api/v1/members/[^/]+/(redemptions(/[^/]+/cancel)?|adjustments)", TRADE),
            rule("POST", "/api/v1/(purchases|purchases/batch|refunds|checkout/quote)", TRADE),
            // A STORE key lists its own store's purchases only (PurchasesService narrows the filter); a kiosk its
            // session member's, from every channel.
            kiosk("GET", "/api/v1/purchases", TRADE, Kiosk.MEMBER_IN_QUERY),
            rule("POST", "/api/v1/vouchers", TRADE),
            kiosk("GET", "/api/v1/vouchers/[^/]+", TRADE, Kiosk.MEMBERS_VOUCHER),
            kiosk("POST", "/api/v1/vouchers/[^/]+/validate", TRADE, Kiosk.MEMBERS_VOUCHER),
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
            // The program's history: for whoever runs stores; changing the program is for ADMIN alone (no row).
            rule("GET", "/api/v1/program/versions(/[^/]+)?", List.of(Scope.ADMIN, Scope.STORE)),
            rule("GET", "/api/v1/duplicates", TRADE),
            rule("POST", "/api/v1/members/[^/]+/merge", TRADE),
            rule("GET", "/api/v1/members/[^/]+/timeline", TRADE),
            // A store's KPIs: KpisService limits a STORE key, and a store manager, to their own stores. The rebuild
            // has no row: it is ADMIN's.
            rule("GET", "/api/v1/kpis(/export)?", List.of(Scope.ADMIN, Scope.STORE)));

    private Access() {
    }

    private static Rule rule(String method, String path, List<Scope> scopes) {
        return kiosk(method, path, scopes, Kiosk.NEVER);
    }

    private static Rule kiosk(String method, String path, List<Scope> scopes, Kiosk kiosk) {
        return new Rule(method, Pattern.compile(path + "/?"), scopes, kiosk);
    }

    /** Whether {@code method path} is open without a key: the index and the about resource, nothing else. */
    public static boolean isPublic(String method, String path) {
        return method.equals("GET") && PUBLIC.matcher(path).matches();
    }

    /** Whether {@code scope} may call {@code method path} at all (a KIOSK key perhaps only in a session). */
    public static boolean allows(Scope scope, String method, String path) {
        if (scope == Scope.ADMIN) {
            return true;
        }
        if (scope == Scope.CONSOLE) {
            // Alone, a console key opens staff sessions (StaffAccess); in one, the staff member's role decides.
            return StaffAccess.opens(method, path);
        }
        return rule(method, path).map(rule -> scope == Scope.KIOSK ? rule.kiosk() != Kiosk.NEVER
                : rule.scopes().contains(scope)).orElse(false);
    }

    /**
     * Whether a key of {@code scope} may call {@code method path}, with the query parameters {@code query} and the
     * kiosk session {@code session} it presented (only a KIOSK key's counts).
     */
    public static Decision decide(Scope scope, String method, String path, Function<String, Optional<String>> query,
                                  Presented session) {
        if (!allows(scope, method, path)) {
            return new Refused(Refusal.FORBIDDEN, "A " + scope + " key may not " + method + " " + path + ".", null);
        }
        if (scope != Scope.KIOSK) {
            return new Allowed(null);
        }
        Rule rule = rule(method, path).orElseThrow();
        if (rule.kiosk() == Kiosk.WITHOUT_SESSION) {
            return new Allowed(session instanceof Live live ? live.memberId() : null);
        }
        return switch (session) {
            case Absent absent -> new Refused(Refusal.SESSION_REQUIRED, "A kiosk reads and acts for a member only in "
                    + "their session: open one (POST /api/v1/kiosk/sessions) and send its token as X-Kiosk-Session.",
                    HEADER);
            case Unknown unknown -> new Refused(Refusal.SESSION_REQUIRED, "The X-Kiosk-Session sent is no open "
                    + "session of this kiosk: it was ended, or never was this kiosk's. Open a new one.", HEADER);
            case Expired expired -> new Refused(Refusal.SESSION_EXPIRED, "The kiosk session has ended: it was idle "
                    + "too long or open too long. Open a new one.", HEADER);
            case Live live -> forMember(rule, path, query, live.memberId());
        };
    }

    private static Decision forMember(Rule rule, String path, Function<String, Optional<String>> query, UUID member) {
        return switch (rule.kiosk()) {
            case MEMBER_IN_PATH -> {
                Matcher m = rule.path().matcher(path);
                yield m.matches() && member.equals(uuid(m.group(1))) ? new Allowed(member)
                        : notTheSessionsMember(member, "id");
            }
            case MEMBER_IN_QUERY -> member.equals(query.apply("memberId").map(Access::uuid).orElse(null))
                    ? new Allowed(member) : notTheSessionsMember(member, "memberId");
            case MEMBERS_VOUCHER -> new Allowed(member);
            case NEVER, WITHOUT_SESSION -> throw new IllegalStateException("decided before: " + rule.kiosk());
        };
    }

    /** The refusal of a kiosk session acting for another member than its own. */
    public static Refused notTheSessionsMember(UUID member, String field) {
        return new Refused(Refusal.SESSION_MEMBER, "This kiosk session acts for member " + member + " only; name "
                + "that member (" + field + ").", field);
    }

    private static UUID uuid(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<Rule> rule(String method, String path) {
        for (Rule rule : RULES) {
            if (rule.method().equals(method) && rule.path().matcher(path).matches()) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** The header a kiosk sends its session's token in (as {@code io.punchcard.api.v1.KioskSession#HEADER}). */
    public static final String HEADER = io.punchcard.api.v1.KioskSession.HEADER;

    /** The kiosk session a request presented, as the store found it. */
    public sealed interface Presented permits Absent, Unknown, Expired, Live {
    }

    /** No {@code X-Kiosk-Session} header. */
    public record Absent() implements Presented {
    }

    /** A token of no open session of the calling key (ended, made up, or another kiosk's). */
    public record Unknown() implements Presented {
    }

    /** A session of the calling key that was idle too long or open too long. */
    public record Expired() implements Presented {
    }

    /** @param memberId the member the calling key's live session acts for */
    public record Live(UUID memberId) implements Presented {
    }

    /** Whether the request may go on. */
    public sealed interface Decision permits Allowed, Refused {
    }

    /** @param kioskMember the member of the KIOSK key's live session, or null outside one */
    public record Allowed(UUID kioskMember) implements Decision {
    }

    /**
     * @param refusal why
     * @param detail  what the caller can do about it
     * @param field   what is at fault, or null
     */
    public record Refused(Refusal refusal, String detail, String field) implements Decision {
    }

    /** Why a request was refused, with the status and problem type it is answered with. */
    public enum Refusal {
        /** The key's scope does not cover the route. */
        FORBIDDEN(403, "forbidden", "Not allowed for this key"),
        /** A KIOSK key without a live session of its own, where one is needed. */
        SESSION_REQUIRED(401, "kiosk-session-required", "A kiosk session is required"),
        /** A KIOSK key's session that ended by time. */
        SESSION_EXPIRED(401, "kiosk-session-expired", "The kiosk session has ended"),
        /** A KIOSK key's session used for another member than its own. */
        SESSION_MEMBER(403, "kiosk-session-member", "Not this kiosk session's member"),
        /** A CONSOLE key without a live staff session of its own, where one is needed. */
        STAFF_SESSION_REQUIRED(401, "staff-session-required", "A staff session is required"),
        /** A staff session that ended by time. */
        STAFF_SESSION_EXPIRED(401, "staff-session-expired", "The staff session has ended"),
        /** A staff session of an account whose password an admin set, used for anything but changing it. */
        PASSWORD_CHANGE_REQUIRED(403, "password-change-required", "Change the password first"),
        /** A member of staff limited to some stores, naming a member of none of them (see {@link StoreScope}). */
        OTHER_STORES_MEMBER(403, "other-stores-member", "Another store's member");

        private final int status;
        private final String type;
        private final String title;

        Refusal(int status, String type, String title) {
            this.status = status;
            this.type = type;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }

        public String title() {
            return title;
        }
    }
}
