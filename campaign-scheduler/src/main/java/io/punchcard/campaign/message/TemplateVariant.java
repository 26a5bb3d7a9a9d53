package io.punchcard.campaign.message;

/**
 * One language's text of a template. E-mail has a subject, a plain-text body and an HTML body; SMS has a
 * text body only ({@code subject} and {@code htmlBody} are null), so {@link MessageTemplate} checks the
 * parts against its channel.
 *
 * @param subject  the e-mail subject, a Mustache template; null for SMS
 * @param textBody the plain-text body (e-mail text part or the SMS text), a Mustache template
 * @param htmlBody the e-mail HTML part, a Mustache template whose variables are HTML-escaped; null for SMS
 */
public record TemplateVariant(String subject, String textBody, String htmlBody) {

    /** Bounds a template a manager can store; far above a real message, well below what could hurt a renderer. */
    public static final int MAX_SUBJECT_CHARS = 500;
    public static final int MAX_BODY_CHARS = 100_000;

    public TemplateVariant {
        if (textBody == null || textBody.isBlank()) {
            throw new IllegalArgumentException("textBody is required");
        }
        if (subject != null && subject.length() > MAX_SUBJECT_CHARS) {
            throw new IllegalArgumentException("subject is longer than " + MAX_SUBJECT_CHARS + " characters");
        }
        if (textBody.length() > MAX_BODY_CHARS || htmlBody != null && htmlBody.length() > MAX_BODY_CHARS) {
            throw new IllegalArgumentException("a body is longer than " + MAX_BODY_CHARS + " characters");
        }
    }

    /** An SMS variant: the text only. */
    public static TemplateVariant sms(String text) {
        return new TemplateVariant(null, text, null);
    }

    /** An e-mail variant: subject, plain-text part and HTML part. */
    public static TemplateVariant email(String subject, String textBody, String htmlBody) {
        return new TemplateVariant(subject, textBody, htmlBody);
    }
}
