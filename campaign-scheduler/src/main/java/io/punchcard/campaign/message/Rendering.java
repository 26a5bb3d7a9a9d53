package io.punchcard.campaign.message;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The outcome of rendering a template for one member. */
public sealed interface Rendering {

    /**
     * The message to send.
     *
     * @param language         the variant used (a BCP 47 tag)
     * @param fellBack         true when the member's language had no variant and the fallback was used
     * @param subject          rendered subject; null for SMS
     * @param textBody         rendered text, not escaped
     * @param htmlBody         rendered HTML with every variable escaped; null for SMS
     * @param missingVariables names the template uses that had no value for this member (rendered empty)
     */
    record Rendered(String language, boolean fellBack, String subject, String textBody, String htmlBody,
                    SortedSet<String> missingVariables) implements Rendering {
        public Rendered {
            missingVariables = Collections.unmodifiableSortedSet(new TreeSet<>(missingVariables));
        }
    }

    /** The template cannot be rendered (it does not compile, or uses partials); nothing should be sent. */
    record Refused(List<TemplateProblem> problems) implements Rendering {
        public Refused {
            problems = List.copyOf(problems);
        }
    }
}
