package io.punchcard.campaign.message;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateRendererTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final TemplateRenderer renderer = new TemplateRenderer();

    private static TemplateFacts facts(String givenName, long points, Locale language, ZoneId zone) {
        return new TemplateFacts(givenName, points, 0, "Silver", "Gold", 80, "BDAY-7Q2K",
                URI.create("https://cdn.example.com/qr/BDAY-7Q2K.png"), 0, null, "Alexanderplatz", language, zone);
    }

    private static MessageTemplate sms(Map<String, String> textByLanguage, String fallback) {
        Map<String, TemplateVariant> variants = new java.util.HashMap<>();
        textByLanguage.forEach((tag, text) -> variants.put(tag, TemplateVariant.sms(text)));
        return new MessageTemplate("points-reminder", Channel.SMS, fallback, variants);
    }

    private Rendering.Rendered rendered(MessageTemplate template, TemplateFacts facts) {
        return assertInstanceOf(Rendering.Rendered.class, renderer.render(template, facts));
    }

    @Test
    void theMembersExactLanguageWinsThenItsLanguageThenTheFallback() {
        MessageTemplate all = sms(Map.of("pt-BR", "Olá (BR)", "pt", "Olá (PT)", "de", "Hallo"), "de");
        MessageTemplate noBrazil = sms(Map.of("pt", "Olá (PT)", "de", "Hallo"), "de");
        MessageTemplate germanOnly = sms(Map.of("de", "Hallo", "en", "Hello"), "de");
        Locale brazilian = Locale.forLanguageTag("pt-BR");

        Rendering.Rendered exact = rendered(all, facts("Ana", 1, brazilian, BERLIN));
        assertEquals("pt-BR", exact.language());
        assertEquals("Olá (BR)", exact.textBody());
        assertFalse(exact.fellBack());

        Rendering.Rendered language = rendered(noBrazil, facts("Ana", 1, brazilian, BERLIN));
        assertEquals("pt", language.language());
        assertEquals("Olá (PT)", language.textBody());
        assertFalse(language.fellBack());

        Rendering.Rendered fallback = rendered(germanOnly, facts("Ana", 1, brazilian, BERLIN));
        assertEquals("de", fallback.language());
        assertEquals("Hallo", fallback.textBody());
        assertTrue(fallback.fellBack());
    }

    @Test
    void aFallbackNeedsAVariantOfItsOwn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sms(Map.of("de", "Hallo"), "en"));
        assertEquals("fallbackLanguage en has no variant", e.getMessage());
    }

    @Test
    void variablesAreEscapedInHtmlAndNotInTextOrSubject() {
        MessageTemplate mail = new MessageTemplate("welcome", Channel.EMAIL, "en", Map.of("en", TemplateVariant.email(
                "Hi {{givenName}}", "Hi {{givenName}}", "<p>Hi {{givenName}}</p><img src=\"{{voucherQrUrl}}\">")));
        Rendering.Rendered out = rendered(mail, facts("Tom & <b>Jerry</b>", 5, Locale.ENGLISH, BERLIN));

        assertEquals("Hi Tom & <b>Jerry</b>", out.subject());
        assertEquals("Hi Tom & <b>Jerry</b>", out.textBody());
        assertEquals("<p>Hi Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;</p><img src=\"https://cdn.example.com/qr/BDAY-7Q2K.png\">",
                out.htmlBody());

        MessageTemplate text = sms(Map.of("en", "Hi {{givenName}}"), "en");
        assertEquals("Hi Tom & <b>Jerry</b>", rendered(text, facts("Tom & <b>Jerry</b>", 5, Locale.ENGLISH, BERLIN)).textBody());
    }

    @Test
    void unescapedVariablesAreRefusedInHtml() {
        MessageTemplate mail = new MessageTemplate("welcome", Channel.EMAIL, "en", Map.of("en", TemplateVariant.email(
                "Hi", "Hi", "<p>\nHi {{{givenName}}}</p>")));
        List<TemplateProblem> problems = renderer.check(mail);
        assertEquals(1, problems.size());
        assertEquals("variants.en.htmlBody", problems.get(0).field());
        assertEquals(2, problems.get(0).line());
        assertInstanceOf(Rendering.Refused.class, renderer.render(mail, facts("Tom", 1, Locale.ENGLISH, BERLIN)));
    }

    @Test
    void aTypoIsListedOnSaveAndReportedWhenRenderedEmpty() {
        MessageTemplate template = sms(Map.of("en", "Hi {{givneName}},\nyou have {{pointsText}}."), "en");

        List<TemplateProblem> problems = renderer.check(template);
        assertEquals(1, problems.size());
        assertEquals("variants.en.textBody", problems.get(0).field());
        assertEquals(1, problems.get(0).line());
        assertTrue(problems.get(0).message().startsWith("unknown variable 'givneName'"), problems.get(0).message());

        Rendering.Rendered out = rendered(template, facts("Ana", 120, Locale.ENGLISH, BERLIN));
        assertEquals("Hi ,\nyou have 120 points.", out.textBody());
        assertEquals(Set.of("givneName"), out.missingVariables());
    }

    @Test
    void aKnownFactTheMemberLacksRendersEmptyAndIsReported() {
        MessageTemplate template = sms(Map.of("en", "Expiring: {{expiringPointsText}} on {{expiryDate}}"), "en");
        assertEquals(List.of(), renderer.check(template));

        Rendering.Rendered out = rendered(template, facts("Ana", 120, Locale.ENGLISH, BERLIN));
        assertEquals("Expiring:  on ", out.textBody());
        assertEquals(Set.of("expiringPointsText", "expiryDate"), out.missingVariables());
    }

    @ParameterizedTest
    @CsvSource({
            "en, 1, 1 point",
            "en, 120, 120 points",
            "de, 1, 1 Punkt",
            "de, 120, 120 Punkte",
            "de, 1200, 1.200 Punkte",
            "pl, 1, 1 punkt",
            "pl, 3, 3 punkty",
            "pl, 5, 5 punktów",
            "pl, 22, 22 punkty",
            "pl, 25, 25 punktów",
            "pl, 112, 112 punktów",
    })
    void pointsFollowThePluralRulesOfTheLanguage(String language, long points, String expected) {
        MessageTemplate template = sms(Map.of(language, "{{pointsText}}"), language);
        assertEquals(expected, rendered(template, facts("Ana", points, Locale.forLanguageTag(language), BERLIN)).textBody());
    }

    @Test
    void pluralsFollowTheVariantUsedNotTheMembersLanguage() {
        MessageTemplate german = sms(Map.of("de", "{{pointsText}}"), "de");
        assertEquals("5 Punkte", rendered(german, facts("Ola", 5, Locale.forLanguageTag("pl"), BERLIN)).textBody());
    }

    @Test
    void theExpiryDateIsTheMembersDateInTheirTimeZoneAndLanguage() {
        // 23:30 UTC on 6 December: already 7 December in Berlin, still 6 December in New York.
        Instant expiresAt = Instant.parse("2026-12-06T23:30:00Z");
        MessageTemplate template = sms(Map.of("de", "{{expiringPointsText}} verfallen am {{expiryDate}}",
                "en", "{{expiringPointsText}} expire on {{expiryDate}}"), "en");

        TemplateFacts berlin = new TemplateFacts("Jonas", 300, 0, null, null, 0, null, null, 50, expiresAt, null,
                Locale.forLanguageTag("de-DE"), BERLIN);
        assertEquals("50 Punkte verfallen am 7. Dezember 2026", rendered(template, berlin).textBody());

        TemplateFacts newYork = new TemplateFacts("Jonas", 300, 0, null, null, 0, null, null, 50, expiresAt, null,
                Locale.forLanguageTag("de-DE"), ZoneId.of("America/New_York"));
        assertEquals("50 Punkte verfallen am 6. Dezember 2026", rendered(template, newYork).textBody());

        TemplateFacts american = new TemplateFacts("Jo", 300, 0, null, null, 0, null, null, 1, expiresAt, null,
                Locale.US, ZoneId.of("America/New_York"));
        assertEquals("1 point expire on December 6, 2026", rendered(template, american).textBody());
    }

    @Test
    void anUnclosedSectionIsRefusedWithFieldAndLine() {
        MessageTemplate mail = new MessageTemplate("voucher", Channel.EMAIL, "de", Map.of("de", TemplateVariant.email(
                "Dein Gutschein", "Code: {{voucherCode}}",
                "<p>Hallo {{givenName}}</p>\n{{#voucherCode}}\n<p>{{voucherCode}}</p>\n")));

        List<TemplateProblem> problems = renderer.check(mail);
        assertEquals(List.of(new TemplateProblem("variants.de.htmlBody", 2,
                "the template does not compile: Failed to close 'voucherCode' tag")), problems);

        Rendering.Refused refused = assertInstanceOf(Rendering.Refused.class,
                renderer.render(mail, facts("Jonas", 1, Locale.GERMAN, BERLIN)));
        assertEquals(problems, refused.problems());
    }

    @Test
    void mismatchedSectionTagsAreRefusedWithFieldAndLine() {
        MessageTemplate template = sms(Map.of("en", "Hi\n{{#voucherCode}}\n{{voucherCode}}{{/voucherCod}}"), "en");
        assertEquals(List.of(new TemplateProblem("variants.en.textBody", 3,
                "the template does not compile: Mismatched start/end tags: voucherCode != voucherCod")),
                renderer.check(template));
    }

    @Test
    void partialsAreRefusedAndNothingIsReadFromDisk() {
        MessageTemplate template = sms(Map.of("en", "Hi\n{{> /etc/passwd}}"), "en");
        List<TemplateProblem> problems = renderer.check(template);
        assertEquals(List.of(new TemplateProblem("variants.en.textBody", 2,
                "partials ({{> /etc/passwd}}) are not allowed; a template stands alone")), problems);
        assertInstanceOf(Rendering.Refused.class, renderer.render(template, facts("Ana", 1, Locale.ENGLISH, BERLIN)));
    }

    @Test
    void aSectionOverAFactCannotReachIntoJava() {
        // Unchecked templates still render (a preview of a draft); a section over a string must not expose the
        // string's methods (getClass, getBytes) the way Mustache's reflective lookup would.
        MessageTemplate draft = sms(Map.of("en", "{{#givenName}}[{{class}}{{bytes}}{{length}}|{{.}}]{{/givenName}}"), "en");
        Rendering.Rendered out = rendered(draft, facts("Ana", 1, Locale.ENGLISH, BERLIN));
        assertEquals("[|Ana]", out.textBody());
        assertEquals(Set.of("bytes", "class", "length"), out.missingVariables());
    }

    @Test
    void sectionsShowOrHideWhatAMemberHas() {
        MessageTemplate template = sms(Map.of("en",
                "{{#voucherCode}}Code {{voucherCode}}{{/voucherCode}}{{^voucherCode}}No voucher{{/voucherCode}}"), "en");
        assertEquals(List.of(), renderer.check(template));
        assertEquals("Code BDAY-7Q2K", rendered(template, facts("Ana", 1, Locale.ENGLISH, BERLIN)).textBody());
        TemplateFacts without = new TemplateFacts("Ana", 1, 0, null, null, 0, null, null, 0, null, null,
                Locale.ENGLISH, BERLIN);
        assertEquals("No voucher", rendered(template, without).textBody());
    }
}
