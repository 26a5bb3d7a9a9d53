package io.punchcard.loyalty.member;

import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checked change to a member. An empty Optional leaves a field as it is; an Optional holding an empty value
 * clears it.
 *
 * @param givenName      new first name
 * @param familyName     new surname
 * @param identifiers    identifiers to put in force, replacing the member's of the same kind
 * @param removed        kinds of identifier to remove
 * @param birthday       new birthday
 * @param language       new language
 * @param preferredStore new preferred store
 * @param tags           new tags, replacing all
 * @param consents       consents given now
 */
public record MemberChanges(Optional<String> givenName, Optional<String> familyName, List<Identifier> identifiers,
                            List<IdentifierKind> removed, Optional<LocalDate> birthday, Optional<String> language,
                            Optional<String> preferredStore, Optional<List<String>> tags,
                            Map<Member.ConsentChannel, Member.ConsentState> consents) {

    public MemberChanges {
        identifiers = List.copyOf(identifiers);
        removed = List.copyOf(removed);
        consents = Map.copyOf(consents);
    }
}
