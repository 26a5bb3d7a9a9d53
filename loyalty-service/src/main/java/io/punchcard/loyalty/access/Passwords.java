package io.punchcard.loyalty.access;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Staff passwords hashed with Argon2id (Password4j): 64 MiB of memory, 3 passes, 1 lane, a 16-byte random salt and a
 * 32-byte hash — well above OWASP's minimum (19 MiB, 2 passes). One check took 280 to 340 ms on the 2-core build
 * machine while other builds ran (PasswordsTest prints it): slow enough that a stolen table costs a guesser dearly,
 * quick enough for a login. The memory is why logins must stay few at once; the lock (see {@link StaffRules}) and
 * the single console keep them so. A hash is stored in its PHC string form ({@code $argon2id$v=19$m=65536,t=3,
 * p=1$…}), which names its parameters, so raising them later leaves old hashes verifiable.
 */
public final class Passwords {

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(64 * 1024, 3, 1, 32, Argon2.ID);

    /** A hash verified against when no account has the e-mail given, so a wrong e-mail costs what a wrong password does. */
    private final String decoy;

    public Passwords() {
        this.decoy = hash("no account has this password, it only spends the time of a check");
    }

    /** The PHC string of {@code password} with a fresh salt. */
    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    /** Whether {@code password} is the one {@code hash} was made from; a null hash is checked against the decoy. */
    public boolean verify(String password, String hash) {
        String against = hash == null ? decoy : hash;
        boolean matches = Password.check(password, against).with(Argon2Function.getInstanceFromHash(against));
        return hash != null && matches;
    }
}
