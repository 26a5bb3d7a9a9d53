package io.punchcard.campaign.message;

import java.util.Optional;

/** Where the dispatcher finds a template by its code. */
public interface TemplateSource {

    Optional<MessageTemplate> template(String code);
}
