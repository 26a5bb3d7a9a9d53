package io.punchcard.loyalty.access;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a CONSOLE key may do, and an ADMIN key in a staff session: the console acts on the core as the member of
 * staff logged in, so their role decides, not the key. Alone a CONSOLE key may only open a staff session; in one
 * ({@code X-Staff-Session}):
 * <ul>
 *   <li>every session may read its own account, change its password and end itself — and, while the account
 *       must change its password, nothing else;</li>
 *   <li>ADMIN may do what an ADMIN key may;</li>
 *   <li>STORE_MANAGER what a STORE key may ({@link Access}'s table), for their stores' members only ({@link
 *       StoreScope}, which the edge applies once this has allowed the route);</li>
 *   <li>CASHIER may look members up and read a member's card and vouchers, nothing else (and, given stores, only
 *       their members);</li>
 *   <li>every role may read who the session is ({@code GET /api/v1/access}).</li>
 * </ul>
 * Routes of staff accounts themselves have no row in {@link Access}'s table, so they are ADMIN's only.
 */
public final class StaffAccess {

    /** The header the console sends a staff session's token in (as {@code io.punchcard.api.v1.StaffSession#HEADER}). */
    public static final String HEADER = io.punchcard.api.v1.StaffSession.HEADER;

    private static final Pattern OPEN = Pattern.compile("/api/v1/staff/sessions/?");

    /** A session's own routes: open to every live session, even one that must change its password first. */
    private static final List<Route> OWN = List.of(new Route("GET", "/api/v1/staff/me"),
            new Route("POST", "/api/v1/staff/me/password"), new Route("DELETE", "/api/v1/staff/sessions/current"));

    /**
     * Who the session is ({@code GET /api/v1/access}): every role may ask, so that another service (the campaign
     * scheduler) learns the person and their role from the core and decides for itself.
     */
    private static final Route WHO = new Route("GET", "/api/v1/access");

    /** A cashier looks up a member at the till; no change, no export, no ledger. */
    private static final List<Route> CASHIER = List.of(new Route("GET", "/api/v1/members"),
            new Route("GET", "/api/v1/members/[^/]+(/summary|/vouchers)?"));

    private record Route(String method, Pattern path) {
        Route(String method, String path) {
            this(method, Pattern.compile(path + "/?"));
        }

        boolean matches(String method, String path) {
            return this.method.equals(method) && this.path.matcher(path).matches();
        }
    }

    private StaffAccess() {
    }

    /**
     * Whether a key of {@code scope} calling {@code method path} is decided by {@link #decide} rather than {@link
     * Access#decide}: a CONSOLE key always; an ADMIN key when it presents a staff session (it then acts as that
     * person) or calls a session's own routes.
     */
    public static boolean appliesTo(Scope scope, String method, String path, boolean sessionPresented) {
        return scope == Scope.CONSOLE || scope == Scope.ADMIN && (sessionPresented || ownRoute(method, path));
    }

    /** Whether {@code method path} needs a staff session whatever the key: the session's own routes. */
    public static boolean ownRoute(String method, String path) {
        return OWN.stream().anyMatch(route -> route.matches(method, path));
    }

    /** Whether {@code method path} opens a staff session. */
    public static boolean opens(String method, String path) {
        return method.equals("POST") && OPEN.matcher(path).matches();
    }

    /**
     * Whether a key of {@code scope} (CONSOLE, or ADMIN with a session header) may call {@code method path} with the
     * staff session {@code session} it presented.
     */
    public static Access.Decision decide(Scope scope, String method, String path, Presented session) {
        if (opens(method, path)) {
            return scope == Scope.CONSOLE || scope == Scope.ADMIN ? new Access.Allowed(null)
                    : forbidden(scope.toString() + " key", method, path);
        }
        return switch (session) {
            case Absent absent -> new Access.Refused(Access.Refusal.STAFF_SESSION_REQUIRED, "A console acts only as "
                    + "a member of staff: open a session (POST /api/v1/staff/sessions) and send its token as "
                    + HEADER + ".", HEADER);
            case Unknown unknown -> new Access.Refused(Access.Refusal.STAFF_SESSION_REQUIRED, "The " + HEADER
                    + " sent is no open session of this key: it was ended, or never was. Log in again.", HEADER);
            case Expired expired -> new Access.Refused(Access.Refusal.STAFF_SESSION_EXPIRED, "The staff session has "
                    + "ended: it was idle too long or open too long. Log in again.", HEADER);
            case Live live -> forStaff(live, method, path);
        };
    }

    private static Access.Decision forStaff(Live live, String method, String path) {
        if (ownRoute(method, path)) {
            return new Access.Allowed(null);
        }
        if (live.mustChangePassword()) {
            return new Access.Refused(Access.Refusal.PASSWORD_CHANGE_REQUIRED, "This account's password was set by "
                    + "an admin: choose your own first (POST /api/v1/staff/me/password).", "password");
        }
        if (WHO.matches(method, path)) {
            return new Access.Allowed(null);
        }
        boolean allowed = switch (live.role()) {
            case ADMIN -> true;
            case STORE_MANAGER -> Access.allows(Scope.STORE, method, path);
            case CASHIER -> CASHIER.stream().anyMatch(route -> route.matches(method, path));
        };
        return allowed ? new Access.Allowed(null) : forbidden(live.role() + " member of staff", method, path);
    }

    private static Access.Refused forbidden(String who, String method, String path) {
        return new Access.Refused(Access.Refusal.FORBIDDEN, "A " + who + " may not " + method + " " + path + ".", null);
    }

    /** The staff session a request presented, as the store found it. */
    public sealed interface Presented permits Absent, Unknown, Expired, Live {
    }

    /** No {@code X-Staff-Session} header. */
    public record Absent() implements Presented {
    }

    /** A token of no open session of the calling key. */
    public record Unknown() implements Presented {
    }

    /** A session that was idle too long or open too long. */
    public record Expired() implements Presented {
    }

    /**
     * A live session of an enabled account.
     *
     * @param staffId            whose
     * @param role               their role
     * @param stores             their stores (STORE_MANAGER)
     * @param mustChangePassword whether they must change their password before anything else
     */
    public record Live(UUID staffId, StaffRole role, List<String> stores, boolean mustChangePassword)
            implements Presented {
        public Live {
            stores = List.copyOf(stores);
        }
    }
}
