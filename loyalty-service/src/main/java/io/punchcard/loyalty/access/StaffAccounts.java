package io.punchcard.loyalty.access;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.loyalty.program.Limits;

/**
 * Staff accounts' use cases: log in, check a session, create, change, reset and change one's own password. The
 * rules are {@link StaffRules}'; every change is written with its audit entry ({@link StaffStore}).
 */
public final class StaffAccounts {

    private final StaffStore store;
    private final Passwords passwords;
    private final SessionPolicy policy;
    private final Clock clock;

    public StaffAccounts(StaffStore store, Passwords passwords, SessionPolicy policy, Clock clock) {
        this.store = store;
        this.passwords = passwords;
        this.policy = policy;
        this.clock = clock;
    }

    /** How long sessions live. */
    public SessionPolicy policy() {
        return policy;
    }

    /** What a login came to. */
    public sealed interface Login permits LoggedIn, BadCredentials, Locked {
    }

    /**
     * @param token     the session's token, shown once
     * @param staff     who logged in
     * @param expiresAt when the session ends at the latest
     */
    public record LoggedIn(String token, Staff staff, Instant expiresAt) implements Login {
    }

    /** A wrong password, an unknown e-mail or a disabled account: one answer for all, so none is revealed. */
    public record BadCredentials() implements Login {
    }

    /** @param until when the account takes logins again */
    public record Locked(Instant until) implements Login {
    }

    /** Logs in with {@code email} and {@code password} through the key {@code keyId}. */
    public Login login(String email, String password, String keyId) {
        Instant now = clock.instant();
        Optional<StaffStore.WithHash> found = StaffRules.plausibleEmail(email)
                ? store.byEmail(StaffRules.normalEmail(email)) : Optional.empty();
        if (found.isPresent() && found.get().staff().lockedAt(now)) {
            return new Locked(found.get().staff().lockedUntil());
        }
        // Always one hash check, for an unknown e-mail too: the time of the answer tells no one which e-mails exist.
        String given = password == null || password.length() > StaffRules.MAX_PASSWORD ? "" : password;
        boolean right = passwords.verify(given, found.map(StaffStore.WithHash::passwordHash).orElse(null))
                && !given.isEmpty();
        if (found.isEmpty() || found.get().staff().disabled()) {
            return new BadCredentials();
        }
        Staff before = found.get().staff();
        if (!right) {
            int failures = before.failedAttempts() + 1;
            Optional<Instant> lock = StaffRules.lockAfter(failures, now);
            Staff after = before.afterLogin(failures, lock.orElse(null));
            store.update(after, null, false, lock.map(until -> new Audit.Change(new Actor(null, keyId), "staff.lock",
                    target(before.id()), before, after)).orElse(null));
            return new BadCredentials();
        }
        Staff staff = before;
        if (before.failedAttempts() > 0 || before.lockedUntil() != null) {
            staff = before.afterLogin(0, null);
            store.update(staff, null, false, null);
        }
        Session times = policy.open(keyId, null, now);
        String token = store.openSession(new StaffStore.StaffSession(staff.id(), times));
        return new LoggedIn(token, staff, times.expiresAt());
    }

    /** The staff session {@code token} presented with the key {@code keyId}, as {@link StaffAccess} judges it. */
    public StaffAccess.Presented presented(String token, String keyId) {
        Optional<StaffStore.StaffSession> found = store.findSession(token)
                .filter(session -> session.times().keyId().equals(keyId));
        if (found.isEmpty()) {
            return new StaffAccess.Unknown();
        }
        Instant now = clock.instant();
        if (!found.get().times().liveAt(now, policy)) {
            return new StaffAccess.Expired();
        }
        Optional<Staff> staff = store.find(found.get().staffId()).map(StaffStore.WithHash::staff)
                .filter(s -> !s.disabled());
        if (staff.isEmpty()) {
            return new StaffAccess.Unknown();
        }
        if (found.get().times().touchDueAt(now, policy)) {
            store.touchSession(token, now);
        }
        return new StaffAccess.Live(staff.get().id(), staff.get().role(), staff.get().stores(),
                staff.get().mustChangePassword());
    }

    /** Ends the session of {@code token} held by {@code keyId}. */
    public void logout(String token, String keyId) {
        store.endSession(token, keyId);
    }

    /** The account {@code id}, without its hash. */
    public Optional<Staff> find(UUID id) {
        return store.find(id).map(StaffStore.WithHash::staff);
    }

    /** All accounts. */
    public List<Staff> list() {
        return store.list();
    }

    /** What a change of an account came to. */
    public sealed interface Result permits Done, NotFound, Invalid, Conflict {
    }

    /** @param staff the account as it is now */
    public record Done(Staff staff) implements Result {
    }

    /** No account has the id. */
    public record NotFound() implements Result {
    }

    /**
     * @param field  what is wrong
     * @param detail why
     */
    public record Invalid(String field, String detail) implements Result {
    }

    /**
     * @param type   the problem type: {@code staff-email-taken} or {@code last-admin}
     * @param detail why
     */
    public record Conflict(String type, String detail) implements Result {
    }

    /**
     * A new account's fields, as given.
     *
     * @param email    the login
     * @param name     the person's name
     * @param role     their role
     * @param stores   their stores (STORE_MANAGER only), already checked to be program stores
     * @param password the first password
     */
    public record NewAccount(String email, String name, StaffRole role, List<String> stores, String password) {
        public NewAccount {
            stores = stores == null ? List.of() : List.copyOf(stores);
        }
    }

    /**
     * Creates an account; {@code mustChange} when someone else chose the password (an admin), not when the person
     * typed it themselves (the first admin at the command line).
     */
    public Result create(Actor actor, NewAccount account, boolean mustChange) {
        if (!StaffRules.plausibleEmail(account.email() == null ? null : account.email().trim())) {
            return new Invalid("email", "An e-mail address such as ana@example.com, at most 254 characters.");
        }
        String email = StaffRules.normalEmail(account.email());
        Optional<Invalid> invalid = invalidName(account.name())
                .or(() -> invalidStores(account.role(), account.stores()))
                .or(() -> StaffRules.weakness(email, account.password()).map(why -> new Invalid("password", why)));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Instant now = clock.instant();
        Staff staff = new Staff(UUID.randomUUID(), email, account.name().trim(), account.role(), account.stores(),
                mustChange, 0, null, false, now, actor.name(), now, actor.name());
        if (!store.insert(staff, passwords.hash(account.password()),
                new Audit.Change(actor, "staff.create", target(staff.id()), null, staff))) {
            return new Conflict("staff-email-taken", "There is an account for " + email + " already.");
        }
        return new Done(staff);
    }

    /**
     * A change of an account by an admin; null fields stay as they are.
     *
     * @param name     the new name
     * @param role     the new role
     * @param stores   the new stores, already checked to be program stores
     * @param disabled whether it may not log in
     */
    public record Change(String name, StaffRole role, List<String> stores, Boolean disabled) {
    }

    /** Changes the account {@code id}; disabling it ends its sessions. */
    public Result change(Actor actor, UUID id, Change change) {
        Optional<Staff> found = find(id);
        if (found.isEmpty()) {
            return new NotFound();
        }
        Staff before = found.get();
        StaffRole role = change.role() == null ? before.role() : change.role();
        List<String> stores = change.stores() != null ? change.stores()
                : role == StaffRole.ADMIN ? List.of() : before.stores();
        String name = change.name() == null ? before.name() : change.name();
        Optional<Invalid> invalid = invalidName(name).or(() -> invalidStores(role, stores));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        boolean disabled = change.disabled() == null ? before.disabled() : change.disabled();
        Staff after = before.changed(name.trim(), role, stores, disabled, clock.instant(), actor);
        return written(store.update(after, null, disabled && !before.disabled(),
                new Audit.Change(actor, "staff.update", target(id), before, after)), after);
    }

    /** Sets a new password on the account {@code id} as an admin: it must be changed, sessions end, the lock lifts. */
    public Result resetPassword(Actor actor, UUID id, String password) {
        Optional<Staff> found = find(id);
        if (found.isEmpty()) {
            return new NotFound();
        }
        Staff before = found.get();
        Optional<String> weakness = StaffRules.weakness(before.email(), password);
        if (weakness.isPresent()) {
            return new Invalid("password", weakness.get());
        }
        Staff after = before.newPassword(true, clock.instant(), actor);
        return written(store.update(after, passwords.hash(password), true,
                new Audit.Change(actor, "staff.password-reset", target(id), before, after)), after);
    }

    /** Changes the password of the account in whose session {@code actor} acts, given its current one. */
    public Result changeOwnPassword(Actor actor, String current, String next) {
        Optional<StaffStore.WithHash> found = store.find(actor.staffId());
        if (found.isEmpty()) {
            return new NotFound();
        }
        Staff before = found.get().staff();
        if (current == null || current.length() > StaffRules.MAX_PASSWORD
                || !passwords.verify(current, found.get().passwordHash())) {
            return new Invalid("current", "This is not the account's current password.");
        }
        if (current.equals(next)) {
            return new Invalid("new", "Choose a password other than the current one.");
        }
        Optional<String> weakness = StaffRules.weakness(before.email(), next);
        if (weakness.isPresent()) {
            return new Invalid("new", weakness.get());
        }
        Staff after = before.newPassword(false, clock.instant(), actor);
        return written(store.update(after, passwords.hash(next), false,
                new Audit.Change(actor, "staff.password-change", target(before.id()), before, after)), after);
    }

    private static Result written(StaffStore.Updated updated, Staff after) {
        return switch (updated) {
            case DONE -> new Done(after);
            case NO_ADMIN_LEFT -> new Conflict("last-admin", "This is the last enabled ADMIN account: create or "
                    + "enable another admin before disabling or demoting this one.");
        };
    }

    private static Optional<Invalid> invalidName(String name) {
        return name == null || name.isBlank() || name.length() > Limits.MAX_TEXT
                ? Optional.of(new Invalid("name", "The person's name, 1 to " + Limits.MAX_TEXT + " characters."))
                : Optional.empty();
    }

    private static Optional<Invalid> invalidStores(StaffRole role, List<String> stores) {
        if (role == StaffRole.STORE_MANAGER && (stores == null || stores.isEmpty())) {
            return Optional.of(new Invalid("stores", "A STORE_MANAGER manages at least one store: name them."));
        }
        if (role == StaffRole.ADMIN && stores != null && !stores.isEmpty()) {
            return Optional.of(new Invalid("stores", "An ADMIN acts for every store; leave stores out."));
        }
        return Optional.empty();
    }

    /** How the audit names an account. */
    public static String target(UUID id) {
        return "staff:" + id;
    }
}
