package io.punchcard.campaign.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A message a worker holds under a lease: what it needs to decide, render and send it.
 *
 * @param id        the row's id
 * @param reference our id for the provider (Message-ID local part, SMS reference)
 * @param attempts  tries so far, this one included
 */
public record ClaimedMessage(long id, String reference, Purpose purpose, Channel channel, UUID memberId,
                             String toAddress, String template, CauseFacts facts, Instant dueAt, Instant expiresAt,
                             int attempts) {
}
