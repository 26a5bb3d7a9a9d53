package io.punchcard.console.web;

import java.util.List;

import io.punchcard.console.staff.Section;

/**
 * What every console page shows whatever its content: its title, the navigation of the person's role with the
 * current section marked, who is logged in, the form token, and a notice left by the last action. The templates take
 * it as their first parameter.
 *
 * @param title      the page's title and heading
 * @param current    the section it belongs to; null for pages of none (login, password, problems)
 * @param navigation the sections the person may use; empty before login
 * @param staffName  who is logged in; null before login
 * @param roleLabel  their role, as a person reads it; null before login
 * @param stores     the stores of a store manager; empty for the others
 * @param csrf       the token every form of the page carries as {@code _csrf}
 * @param notice     what the last action did ("Your password is changed."); null
 */
public record Page(String title, Section current, List<Section> navigation, String staffName, String roleLabel,
                   List<String> stores, String csrf, String notice) {

    public Page {
        navigation = List.copyOf(navigation);
        stores = List.copyOf(stores);
    }

    /** Whether someone is logged in (the layout then shows the navigation and the logout button). */
    public boolean signedIn() {
        return staffName != null;
    }

    /** The link of {@code section}. */
    public String href(Section section) {
        return Paths.of(section);
    }
}
