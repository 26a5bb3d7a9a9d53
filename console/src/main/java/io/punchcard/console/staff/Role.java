package io.punchcard.console.staff;

import java.util.Optional;

/** What a member of staff is, as the core's staff accounts say: it decides what they see in the console. */
public enum Role {
    ADMIN("Admin"),
    STORE_MANAGER("Store manager"),
    CASHIER("Cashier");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** How the console names the role to a person. */
    public String label() {
        return label;
    }

    /** The role the core's name ({@code ADMIN}, {@code STORE_MANAGER}, {@code CASHIER}) is; empty for another. */
    public static Optional<Role> of(String name) {
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
