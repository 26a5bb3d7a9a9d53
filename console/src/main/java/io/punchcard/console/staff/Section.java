package io.punchcard.console.staff;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The console's sections, in the navigation's order, with the roles that may use each. A section a role may not
 * use is neither linked for it nor served to it (403): the core refuses such a person's requests as well, this
 * only spares them a page that could not work.
 */
public enum Section {
    DASHBOARD("Dashboard", "/", EnumSet.of(Role.ADMIN, Role.STORE_MANAGER)),
    MEMBERS("Members", "/members", EnumSet.allOf(Role.class)),
    CAMPAIGNS("Campaigns", "/campaigns", EnumSet.of(Role.ADMIN, Role.STORE_MANAGER)),
    PROGRAM("Program", "/program", EnumSet.of(Role.ADMIN, Role.STORE_MANAGER)),
    STAFF("Staff", "/staff", EnumSet.of(Role.ADMIN)),
    AUDIT("Audit", "/audit", EnumSet.of(Role.ADMIN)),
    EXPORTS("Exports", "/exports", EnumSet.of(Role.ADMIN, Role.STORE_MANAGER));

    private final String label;
    private final String path;
    private final Set<Role> roles;

    Section(String label, String path, Set<Role> roles) {
        this.label = label;
        this.path = path;
        this.roles = roles;
    }

    /** The navigation's word for it. */
    public String label() {
        return label;
    }

    /** Its path below the console's root, e.g. {@code /staff}. */
    public String path() {
        return path;
    }

    /** Whether {@code role} may use it. */
    public boolean allows(Role role) {
        return roles.contains(role);
    }

    /** The sections {@code role} may use, in the navigation's order. */
    public static List<Section> of(Role role) {
        return Arrays.stream(values()).filter(section -> section.allows(role)).toList();
    }

    /** Where {@code role} lands after logging in: the first section it may use. */
    public static Section home(Role role) {
        return of(role).getFirst();
    }
}
