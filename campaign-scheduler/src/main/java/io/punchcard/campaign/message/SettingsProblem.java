package io.punchcard.campaign.message;

/**
 * Why staff-edited {@link MessagingSettings} cannot be saved, with the field to fix, for a problem+json answer.
 *
 * @param field   the field's path, e.g. {@code frequencyCap.maxMessages} or {@code ratePerSecond.SMS}
 * @param message what is wrong, in words for a store manager
 */
public record SettingsProblem(String field, String message) {

    public SettingsProblem {
        if (field == null || message == null) {
            throw new IllegalArgumentException("field and message are required");
        }
    }
}
