package io.punchcard.campaign.message;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The members as the core knows them now: the port the dispatcher reads a recipient through at send time. */
public interface MemberDirectory {

    /** The member now. */
    default Lookup recipient(UUID memberId) {
        return recipients(List.of(memberId)).get(memberId);
    }

    /**
     * The members now, in as few calls as the directory can: a batch of messages asks once, not once per
     * message. Every id asked for has an answer.
     */
    Map<UUID, Lookup> recipients(Collection<UUID> memberIds);

    /**
     * The member whose phone number is {@code e164}, if any (an SMS reply names only its sender).
     *
     * @throws IllegalStateException when the core did not answer
     */
    Optional<UUID> withPhone(String e164);

    /** What asking for a member gave. */
    sealed interface Lookup {
    }

    record Found(Recipient recipient) implements Lookup {
    }

    /** No such member any more (erased, or never known): their messages are not sent. */
    record Gone(String reason) implements Lookup {
    }

    /** The core did not answer: the message waits and is tried again. */
    record Unavailable(String reason) implements Lookup {
    }
}
