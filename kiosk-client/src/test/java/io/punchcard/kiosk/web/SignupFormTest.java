package io.punchcard.kiosk.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.kiosk.text.Language;
import io.punchcard.kiosk.text.Messages;
import io.punchcard.platform.http.page.Form;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a shopper must fill in to join, what the core is asked, and its refusals said next to their fields. */
class SignupFormTest {

    private static final LocalDate TODAY = LocalDate.of(2027, 3, 1);
    private static final Messages MESSAGES = Messages.bundled();

    @Test
    void aNameAndAWayToReachTheShopperAreNeededAndEachProblemIsSaidBesideItsField() {
        var checked = SignupForm.check(Form.parse("givenName=&email=not-an-address&birthday=2030-01-01&language=fr"),
                Language.DE, MESSAGES, TODAY, "S001");
        Map<String, String> errors = assertInstanceOf(SignupForm.Invalid.class, checked).errors();
        assertEquals(List.of("given-name", "email", "birthday", "language"), List.copyOf(errors.keySet()));
        assertEquals("Geben Sie Ihren Vornamen ein.", errors.get("given-name"));

        var noContact = SignupForm.check(Form.parse("givenName=Ana&language=en"), Language.EN, MESSAGES, TODAY, "S001");
        assertEquals("Enter a mobile number or an e-mail address.",
                assertInstanceOf(SignupForm.Invalid.class, noContact).errors().get("phone"));
    }

    @Test
    void bothConsentsAreSentAsAnsweredWithTheWordsShownInTheLanguageShown() {
        var checked = SignupForm.check(Form.parse("givenName=Wei&familyName=Zhang&phone=%2B8613800138000&birthday="
                + "1990-05-04&language=zh-Hans&consentSms=yes"), Language.ZH_HANS, MESSAGES, TODAY, "S001");
        SignupForm.Valid valid = assertInstanceOf(SignupForm.Valid.class, checked);
        EnrollMember enrolment = valid.enrolment();
        assertEquals(Language.ZH_HANS, valid.language());
        assertEquals("+8613800138000", enrolment.phone());
        assertEquals(LocalDate.of(1990, 5, 4), enrolment.birthday());
        assertEquals("KIOSK", enrolment.joinChannel());
        assertEquals("S001", enrolment.joinStore());
        assertEquals(null, enrolment.cardNumber(), "the core gives a kiosk member a digital card");
        assertTrue(enrolment.consents().get("sms").granted());
        assertEquals(MESSAGES.text(Language.ZH_HANS, "consent.sms"), enrolment.consents().get("sms").text());
        assertFalse(enrolment.consents().get("email").granted(), "unticked: a refusal, kept with its words");
        assertEquals("kiosk", enrolment.consents().get("email").source());
    }

    @Test
    void theCoresRefusalsAreSaidBesideTheFieldsTheyName() {
        Problem taken = new Problem(URI.create("https://punchcard.io/problems/identifier-taken"), "taken", 409,
                "in use", "email", null, null);
        assertEquals(Map.of("email", MESSAGES.text(Language.EN, "signup.taken")),
                SignupForm.refused(taken, Language.EN, MESSAGES));
        Problem invalid = Problem.invalid(List.of(new Problem.FieldError("phone", "is not a number"),
                new Problem.FieldError("referrerCode", "unknown")));
        assertEquals(Map.of("phone", MESSAGES.text(Language.EN, "signup.phone.refused")),
                SignupForm.refused(invalid, Language.EN, MESSAGES));
        assertTrue(SignupForm.refused(null, Language.EN, MESSAGES).isEmpty(), "the core out of reach names no field");
    }
}
