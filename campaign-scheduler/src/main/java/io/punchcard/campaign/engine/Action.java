package io.punchcard.campaign.engine;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.punchcard.api.Problem;
import io.punchcard.campaign.message.Channel;

/**
 * What a campaign does for a member it acts on. Each action of an effect is done once: points and vouchers go
 * to the core under the effect's key (the core answers a replay with its first answer), a message is planned
 * under a cause made of the same key, a tag and an alert are rows keyed by it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Action.GrantPoints.class, name = "grantPoints"),
        @JsonSubTypes.Type(value = Action.IssueVoucher.class, name = "issueVoucher"),
        @JsonSubTypes.Type(value = Action.SendMessage.class, name = "sendMessage"),
        @JsonSubTypes.Type(value = Action.AddTag.class, name = "addTag"),
        @JsonSubTypes.Type(value = Action.AlertManager.class, name = "alertManager")})
public sealed interface Action {

    void validate(String path, List<Problem.FieldError> problems);

    /**
     * Points added by a core adjustment whose id is the effect's key.
     *
     * @param points how many (1..100000)
     * @param reason the ledger's reason; the campaign's name when left out
     */
    record GrantPoints(Long points, String reason) implements Action {
        @Override
        public void validate(String path, List<Problem.FieldError> problems) {
            if (points == null || points < 1 || points > 100_000) {
                problems.add(new Problem.FieldError(path + ".points", "must be between 1 and 100000"));
            }
            if (reason != null && (reason.isBlank() || reason.length() > 128)) {
                problems.add(new Problem.FieldError(path + ".reason", "must be 1 to 128 characters (the ledger's limit)"));
            }
        }
    }

    /** A voucher of the core's template {@code template}, issued under the effect's key. */
    record IssueVoucher(String template) implements Action {
        @Override
        public void validate(String path, List<Problem.FieldError> problems) {
            if (!Codes.valid(template)) {
                problems.add(new Problem.FieldError(path + ".template", "must be a voucher template's code"));
            }
        }
    }

    /**
     * A marketing message from a template of the scheduler's (docs/messages.md): sent under the send rules
     * (consent, quiet hours, frequency cap); it names the voucher an earlier action of the same effect issued.
     */
    record SendMessage(String template, Channel channel) implements Action {
        @Override
        public void validate(String path, List<Problem.FieldError> problems) {
            if (!Codes.valid(template)) {
                problems.add(new Problem.FieldError(path + ".template", "must be a message template's code"));
            }
            if (channel == null) {
                problems.add(new Problem.FieldError(path + ".channel", "must be EMAIL or SMS"));
            }
        }
    }

    /** A tag on the member, kept in the scheduler (segments can select it). */
    record AddTag(String tag) implements Action {
        @Override
        public void validate(String path, List<Problem.FieldError> problems) {
            if (!Codes.valid(tag)) {
                problems.add(new Problem.FieldError(path + ".tag", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'"));
            }
        }
    }

    /**
     * A line in the store manager's alert list (the member's preferred store, else where they joined), shown in
     * the console and sent in a daily e-mail.
     *
     * @param note what the manager should do ("call them", "invite to the VIP evening")
     */
    record AlertManager(String note) implements Action {
        @Override
        public void validate(String path, List<Problem.FieldError> problems) {
            if (note == null || note.isBlank() || note.length() > 500) {
                problems.add(new Problem.FieldError(path + ".note", "must be 1 to 500 characters"));
            }
        }
    }
}
