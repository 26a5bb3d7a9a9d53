package io.punchcard.kiosk.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.kiosk.text.Language;
import io.punchcard.kiosk.text.Messages;
import io.punchcard.platform.http.page.Form;

/**
 * The sign-up form's rules: what a shopper must fill in, what the core is asked, and the core's refusals said next
 * to the fields they name. Errors are keyed by the field's id on the page, worded in the shopper's language.
 */
final class SignupForm {

    /** The form's fields, by the name they are sent under. */
    private static final List<String> FIELDS = List.of("givenName", "familyName", "phone", "email", "birthday",
            "language", "consentEmail", "consentSms");
    /** A name longer than this is no name a shopper typed at a kiosk. */
    private static final int MAX_NAME = 80;

    /** What came of checking the form. */
    sealed interface Checked permits Valid, Invalid {
    }

    /**
     * @param enrolment what the core is asked
     * @param language  the language the shopper chose for messages, which the kiosk speaks from now on
     */
    record Valid(EnrollMember enrolment, Language language) implements Checked {
    }

    /** @param errors what is wrong, by field id */
    record Invalid(Map<String, String> errors) implements Checked {
    }

    private SignupForm() {
    }

    /** The form's values as sent, to show it again. */
    static Map<String, String> values(Form form) {
        Map<String, String> values = new HashMap<>();
        FIELDS.forEach(name -> values.put(name, form.get(name)));
        return values;
    }

    /**
     * Checks the form shown in {@code shown}; a valid one becomes an enrolment at {@code store}, with both consents
     * as answered and the words the shopper saw beside each box, in the language they saw them.
     */
    static Checked check(Form form, Language shown, Messages messages, LocalDate today, String store) {
        Map<String, String> errors = new LinkedHashMap<>();
        String given = form.optional("givenName");
        if (given == null) {
            errors.put("given-name", messages.text(shown, "signup.given-name.missing"));
        } else if (given.length() > MAX_NAME) {
            errors.put("given-name", messages.text(shown, "signup.too-long"));
        }
        if (form.get("familyName").length() > MAX_NAME) {
            errors.put("family-name", messages.text(shown, "signup.too-long"));
        }
        String phone = form.optional("phone");
        String email = form.optional("email");
        if (phone == null && email == null) {
            errors.put("phone", messages.text(shown, "signup.contact.missing"));
        }
        if (phone != null && !KioskPages.looksLikePhone(phone)) {
            errors.put("phone", messages.text(shown, "phone.invalid"));
        }
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            errors.put("email", messages.text(shown, "signup.email.invalid"));
        }
        LocalDate birthday = null;
        if (form.optional("birthday") != null) {
            try {
                birthday = LocalDate.parse(form.get("birthday"));
                if (birthday.isAfter(today) || birthday.getYear() < 1900) {
                    errors.put("birthday", messages.text(shown, "signup.birthday.invalid"));
                }
            } catch (DateTimeParseException e) {
                errors.put("birthday", messages.text(shown, "signup.birthday.invalid"));
            }
        }
        Optional<Language> language = Language.of(form.get("language"));
        if (language.isEmpty()) {
            errors.put("language", messages.text(shown, "signup.language.invalid"));
        }
        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        Map<String, Consent> consents = Map.of(
                "email", new Consent("yes".equals(form.get("consentEmail")), "kiosk", null,
                        messages.text(shown, "consent.email")),
                "sms", new Consent("yes".equals(form.get("consentSms")), "kiosk", null,
                        messages.text(shown, "consent.sms")));
        return new Valid(new EnrollMember(given, form.optional("familyName"), phone, email, null, null, birthday,
                language.get().tag(), store, "KIOSK", store, null, consents, null), language.get());
    }

    /**
     * The core's refusal of an enrolment, by field id: an identifier another member holds (409), or fields it found
     * invalid; empty when the problem names no field of the form.
     */
    static Map<String, String> refused(Problem problem, Language shown, Messages messages) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (problem == null) {
            return errors;
        }
        if (problem.status() == 409) {
            String field = fieldId(problem.field());
            errors.put(field == null ? "phone" : field, messages.text(shown, "signup.taken"));
        } else if (problem.status() == 400 || problem.status() == 422) {
            List<Problem.FieldError> fields = problem.errors() != null ? problem.errors()
                    : problem.field() == null ? List.of() : List.of(new Problem.FieldError(problem.field(), ""));
            for (Problem.FieldError field : fields) {
                String id = fieldId(field.field());
                if (id != null) {
                    errors.putIfAbsent(id, messages.text(shown, "signup." + id + ".refused"));
                }
            }
        }
        return errors;
    }

    /** The form's field id of a core request field; null for one the form does not have. */
    private static String fieldId(String field) {
        if (field == null) {
            return null;
        }
        return switch (field) {
            case "givenName" -> "given-name";
            case "familyName" -> "family-name";
            case "phone", "email", "birthday", "language" -> field;
            default -> null;
        };
    }
}
