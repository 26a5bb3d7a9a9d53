package io.punchcard.campaign.message;

import java.util.List;
import java.util.Map;

/**
 * The templates a new installation starts with, so the messages the system sends on its own go out before anyone
 * has written one: the welcome e-mail, the e-receipt and the one-time code. Staff replace them through the API;
 * a template that exists is never overwritten by these.
 */
public final class DefaultTemplates {

    public static final String WELCOME = "welcome";
    public static final String RECEIPT = "e-receipt";
    public static final String ONE_TIME_CODE = "one-time-code";

    private static final String FOOTER_EN = "<p style=\"color:#555;font-size:13px\">You get this e-mail because you "
            + "agreed to hear from us. <a href=\"{{unsubscribeUrl}}\">Unsubscribe</a>.</p>";
    private static final String FOOTER_DE = "<p style=\"color:#555;font-size:13px\">Sie erhalten diese E-Mail, weil "
            + "Sie zugestimmt haben. <a href=\"{{unsubscribeUrl}}\">Abmelden</a>.</p>";

    private DefaultTemplates() {
    }

    public static List<MessageTemplate> all() {
        List<MessageTemplate> all = new java.util.ArrayList<>(own());
        all.addAll(forCampaigns());
        return List.copyOf(all);
    }

    /**
     * The messages of the 3R starter campaigns (engine/CampaignTemplates), in English and German. A voucher's code
     * and its QR appear when the campaign issued one.
     */
    static List<MessageTemplate> forCampaigns() {
        List<MessageTemplate> all = new java.util.ArrayList<>(starters());
        all.add(new MessageTemplate(MANAGER_ALERTS, Channel.EMAIL, "en", Map.of(
                "en", TemplateVariant.email("Members to look after today",
                        "Hello,\n\nyour loyalty campaigns flagged these members:\n\n{{note}}\n",
                        "<p>Hello,</p><p>your loyalty campaigns flagged these members:</p><pre>{{note}}</pre>"),
                "de", TemplateVariant.email("Heute zu betreuende Mitglieder",
                        "Hallo,\n\nIhre Kampagnen haben diese Mitglieder gemeldet:\n\n{{note}}\n",
                        "<p>Hallo,</p><p>Ihre Kampagnen haben diese Mitglieder gemeldet:</p><pre>{{note}}</pre>"))));
        return all;
    }

    /** A store manager's daily e-mail of campaign alerts. */
    public static final String MANAGER_ALERTS = "manager-alerts";

    private static List<MessageTemplate> starters() {
        String voucherEn = "{{#voucherCode}}Your voucher code: {{voucherCode}}{{/voucherCode}}";
        String voucherDe = "{{#voucherCode}}Ihr Gutscheincode: {{voucherCode}}{{/voucherCode}}";
        return List.of(
                campaignEmail("campaign-welcome-bonus", "A welcome gift, {{givenName}}",
                        "Thank you for joining: we added a welcome bonus. You have {{pointsText}} now.",
                        "Ein Willkommensgeschenk, {{givenName}}",
                        "Danke für Ihre Anmeldung: wir haben Ihnen einen Willkommensbonus gutgeschrieben. Sie haben jetzt "
                                + "{{pointsText}}."),
                campaignEmail("campaign-referral", "Thank you for bringing a friend",
                        "A friend you brought made their first purchase, and you both got a reward. You have "
                                + "{{pointsText}} now.",
                        "Danke für Ihre Empfehlung",
                        "Eine Person, die Sie empfohlen haben, hat zum ersten Mal eingekauft, und Sie beide wurden "
                                + "belohnt. Sie haben jetzt {{pointsText}}."),
                campaignEmail("campaign-voucher", "A voucher for you, {{givenName}}",
                        "Thank you for your purchase. " + voucherEn,
                        "Ein Gutschein für Sie, {{givenName}}",
                        "Danke für Ihren Einkauf. " + voucherDe),
                campaignEmail("campaign-tier-up", "Welcome to {{tierName}}, {{givenName}}",
                        "You reached {{tierName}}. Thank you for shopping with us. " + voucherEn,
                        "Willkommen bei {{tierName}}, {{givenName}}",
                        "Sie haben {{tierName}} erreicht. Danke für Ihre Treue. " + voucherDe),
                campaignEmail("campaign-birthday", "Happy birthday, {{givenName}}!",
                        "All the best for your birthday. A present from us: " + voucherEn,
                        "Alles Gute zum Geburtstag, {{givenName}}!",
                        "Alles Gute zu Ihrem Geburtstag. Ein Geschenk von uns: " + voucherDe),
                campaignEmail("campaign-win-back", "We miss you, {{givenName}}",
                        "It has been a while. Come and see us again{{#storeName}} at {{storeName}}{{/storeName}}. "
                                + voucherEn,
                        "Wir vermissen Sie, {{givenName}}",
                        "Es ist eine Weile her. Besuchen Sie uns wieder{{#storeName}} in {{storeName}}{{/storeName}}. "
                                + voucherDe),
                campaignEmail("campaign-points-expiring", "Your points expire soon",
                        "{{#expiringPointsText}}{{expiringPointsText}} expire{{#expiryDate}} on {{expiryDate}}"
                                + "{{/expiryDate}}. {{/expiringPointsText}}Spend them before they go: you have "
                                + "{{pointsText}}.",
                        "Ihre Punkte verfallen bald",
                        "{{#expiringPointsText}}{{expiringPointsText}} verfallen{{#expiryDate}} am {{expiryDate}}"
                                + "{{/expiryDate}}. {{/expiringPointsText}}Lösen Sie sie ein, bevor sie verfallen: Sie "
                                + "haben {{pointsText}}."));
    }

    private static MessageTemplate campaignEmail(String code, String subjectEn, String bodyEn, String subjectDe,
                                                 String bodyDe) {
        return new MessageTemplate(code, Channel.EMAIL, "en", Map.of(
                "en", TemplateVariant.email(subjectEn, "Hello {{givenName}},\n\n" + bodyEn
                                + "\n\nUnsubscribe: {{unsubscribeUrl}}\n",
                        "<p>Hello {{givenName}},</p><p>" + bodyEn + "</p>" + FOOTER_EN),
                "de", TemplateVariant.email(subjectDe, "Hallo {{givenName}},\n\n" + bodyDe
                                + "\n\nAbmelden: {{unsubscribeUrl}}\n",
                        "<p>Hallo {{givenName}},</p><p>" + bodyDe + "</p>" + FOOTER_DE)));
    }

    /** The templates of the messages the system sends on its own. */
    private static List<MessageTemplate> own() {
        return List.of(
                new MessageTemplate(WELCOME, Channel.EMAIL, "en", Map.of(
                        "en", TemplateVariant.email("Welcome, {{givenName}}!",
                                "Hello {{givenName}},\n\nwelcome to our loyalty club. You have {{pointsText}}."
                                        + "{{#storeName}} See you at {{storeName}}.{{/storeName}}\n\n"
                                        + "Unsubscribe: {{unsubscribeUrl}}\n",
                                "<h1>Welcome, {{givenName}}!</h1><p>You are a member now and have {{pointsText}}."
                                        + "{{#storeName}} See you at {{storeName}}.{{/storeName}}</p>" + FOOTER_EN),
                        "de", TemplateVariant.email("Willkommen, {{givenName}}!",
                                "Hallo {{givenName}},\n\nwillkommen in unserem Kundenclub. Sie haben {{pointsText}}."
                                        + "{{#storeName}} Bis bald in {{storeName}}.{{/storeName}}\n\n"
                                        + "Abmelden: {{unsubscribeUrl}}\n",
                                "<h1>Willkommen, {{givenName}}!</h1><p>Sie sind jetzt Mitglied und haben "
                                        + "{{pointsText}}.{{#storeName}} Bis bald in {{storeName}}.{{/storeName}}</p>"
                                        + FOOTER_DE))),
                new MessageTemplate(RECEIPT, Channel.EMAIL, "en", Map.of(
                        "en", TemplateVariant.email("Your points for your purchase",
                                "Hello {{givenName}},\n\nthank you for your purchase{{#purchaseTotal}} of "
                                        + "{{purchaseTotal}}{{/purchaseTotal}}. It earned {{pointsEarnedText}}; "
                                        + "you have {{pointsText}} now.\n",
                                "<p>Hello {{givenName}},</p><p>thank you for your purchase{{#purchaseTotal}} of "
                                        + "{{purchaseTotal}}{{/purchaseTotal}}. It earned <strong>{{pointsEarnedText}}"
                                        + "</strong>; you have {{pointsText}} now.</p>"),
                        "de", TemplateVariant.email("Ihre Punkte für Ihren Einkauf",
                                "Hallo {{givenName}},\n\ndanke für Ihren Einkauf{{#purchaseTotal}} über "
                                        + "{{purchaseTotal}}{{/purchaseTotal}}. Er brachte {{pointsEarnedText}}; "
                                        + "Sie haben jetzt {{pointsText}}.\n",
                                "<p>Hallo {{givenName}},</p><p>danke für Ihren Einkauf{{#purchaseTotal}} über "
                                        + "{{purchaseTotal}}{{/purchaseTotal}}. Er brachte <strong>{{pointsEarnedText}}"
                                        + "</strong>; Sie haben jetzt {{pointsText}}.</p>"))),
                new MessageTemplate(ONE_TIME_CODE, Channel.SMS, "en", Map.of(
                        "en", TemplateVariant.sms("Your code is {{oneTimeCode}}. It works for 5 minutes."),
                        "de", TemplateVariant.sms("Ihr Code lautet {{oneTimeCode}}. Er gilt 5 Minuten."),
                        "zh-CN", TemplateVariant.sms("您的验证码是 {{oneTimeCode}}，5 分钟内有效。"))));
    }
}
