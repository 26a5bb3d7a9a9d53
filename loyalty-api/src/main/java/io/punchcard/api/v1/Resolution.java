package io.punchcard.api.v1;

import java.util.UUID;

/**
 * How a customer from another channel was matched.
 *
 * @param memberId the member they are (null when ambiguous)
 * @param outcome  EXTERNAL_ID, EMAIL or PHONE (matched by that, and the external id linked), ENROLLED (new
 *                 member), or AMBIGUOUS (e-mail and phone name different members: listed for a manager)
 * @param candidates for AMBIGUOUS, the members the e-mail and the phone name
 */
public record Resolution(UUID memberId, String outcome, java.util.List<UUID> candidates) {
}
