package io.punchcard.console.members;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The member pages' forms read and checked before anything is sent to the core: what a person must fill in, in the
 * words shown beside the field. The core checks again and decides (its problem is then shown beside the field it
 * names); this only spares a round trip for a form left empty.
 */
public final class MemberForms {

    /** The core keeps at most this many characters of a reason. */
    public static final int MAX_REASON = 128;
    /** What staff type to erase a member without a card. */
    public static final String ERASE_WORD = "ERASE";

    private MemberForms() {
    }

    /**
     * A points adjustment.
     *
     * @param adjustmentId the form's own id, minted when the page was shown: sent twice (a double click, a reload),
     *                     the core adjusts once
     * @param points       how many points to add (negative: take)
     * @param reason       why, as the ledger will say
     */
    public record Adjustment(String adjustmentId, long points, String reason) {
    }

    /** The adjustment in the fields, or what is wrong with them, by field id. */
    public static Checked<Adjustment> adjustment(String adjustmentId, String points, String reason) {
        Map<String, String> errors = new LinkedHashMap<>();
        Long amount = null;
        String typed = points == null ? "" : points.strip().replace(",", "").replace(" ", "");
        if (typed.isEmpty()) {
            errors.put("points", "Enter the points to add, or a minus sign and the points to take away.");
        } else if (!typed.matches("[+-]?[0-9]{1,9}")) {
            errors.put("points", "Enter a whole number of points, like 50 or -20.");
        } else {
            amount = Long.parseLong(typed);
            if (amount == 0) {
                errors.put("points", "Enter a number other than 0.");
            }
        }
        reason(reason, "reason", errors);
        formId(adjustmentId, "points", errors);
        long checked = amount == null ? 0 : amount;
        return result(errors, () -> new Adjustment(adjustmentId, checked, reason.strip()));
    }

    /**
     * A voucher to issue.
     *
     * @param issueId  the form's own id: sent twice, the core issues once
     * @param template the template's code
     * @param reason   why, as the voucher's record will say
     */
    public record Issue(String issueId, String template, String reason) {
    }

    /** The voucher in the fields, its template one of {@code templates}, or what is wrong. */
    public static Checked<Issue> issue(String issueId, String template, String reason, Set<String> templates) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (template == null || template.isBlank()) {
            errors.put("template", "Choose the voucher to issue.");
        } else if (!templates.contains(template)) {
            errors.put("template", "Choose one of the program's vouchers.");
        }
        reason(reason, "voucher-reason", errors);
        formId(issueId, "template", errors);
        return result(errors, () -> new Issue(issueId, template, reason.strip()));
    }

    /**
     * Whether {@code typed} confirms erasing a member with the card {@code cardNumber} (null: none): their card number,
     * or {@link #ERASE_WORD}. Typing it makes an erasure a decision, not a slip of the mouse.
     */
    public static Map<String, String> erasure(String typed, String cardNumber, String reason) {
        Map<String, String> errors = new LinkedHashMap<>();
        String confirmation = typed == null ? "" : typed.strip();
        boolean confirmed = confirmation.equals(ERASE_WORD)
                || cardNumber != null && !cardNumber.isEmpty() && confirmation.equals(cardNumber);
        if (!confirmed) {
            errors.put("confirm", cardNumber == null || cardNumber.isEmpty()
                    ? "Type " + ERASE_WORD + " to confirm." : "Type the member's card number, or " + ERASE_WORD
                    + ", to confirm.");
        }
        reason(reason, "erase-reason", errors);
        return errors;
    }

    /** What is wrong with a merge of {@code survivor} and {@code duplicate}: the survivor chosen, and a reason. */
    public static Map<String, String> merge(Optional<UUID> survivor, String reason) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (survivor.isEmpty()) {
            errors.put("survivor", "Choose the member who stays.");
        }
        reason(reason, "merge-reason", errors);
        return errors;
    }

    /** A form's fields once checked: the value, or the errors by field id (in the fields' order). */
    public record Checked<T>(T value, Map<String, String> errors) {
        public Checked {
            errors = new LinkedHashMap<>(errors);
        }

        public boolean ok() {
            return value != null;
        }
    }

    private static void reason(String reason, String field, Map<String, String> errors) {
        String text = reason == null ? "" : reason.strip();
        if (text.isEmpty()) {
            errors.put(field, "Enter the reason: it is kept with the change for everyone to read.");
        } else if (text.length() > MAX_REASON) {
            errors.put(field, "Keep the reason to " + MAX_REASON + " characters or fewer.");
        }
    }

    private static <T> Checked<T> result(Map<String, String> errors, java.util.function.Supplier<T> value) {
        return errors.isEmpty() ? new Checked<>(value.get(), Map.of()) : new Checked<>(null, errors);
    }

    /** A form's id is minted with the page; a form without one did not come from it. */
    private static void formId(String id, String field, Map<String, String> errors) {
        if (id == null || !isUuid(id)) {
            errors.putIfAbsent(field, "This form has no id: open the member's page again and send it from there.");
        }
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return value.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
