package io.punchcard.storefront.mapping;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.api.identity.Identifiers;
import io.punchcard.api.v1.Consent;

/**
 * A shop's contact details, checked as the core reads them. A shop holds whatever a shopper typed; a phone the
 * core would refuse must not cost the shopper their points, so it is left out (and said so in the log) rather
 * than sent.
 */
final class Customers {

    private static final System.Logger LOG = System.getLogger(Customers.class.getName());

    private Customers() {
    }

    static Optional<String> email(Optional<String> raw, String where) {
        return usable(IdentifierKind.EMAIL, raw, null, where);
    }

    static Optional<String> phone(Optional<String> raw, ProgramFacts facts, String where) {
        return usable(IdentifierKind.PHONE, raw, facts.phoneRegion() == null ? "ZZ" : facts.phoneRegion(), where);
    }

    private static Optional<String> usable(IdentifierKind kind, Optional<String> raw, String region, String where) {
        if (raw.isEmpty()) {
            return raw;
        }
        return switch (Identifiers.normalise(kind, raw.get(), region)) {
            case Identifiers.Valid valid -> Optional.of(valid.identifier().value());
            case Identifiers.Invalid invalid -> {
                LOG.log(System.Logger.Level.INFO, "Left out " + where + ": " + invalid.reason());
                yield Optional.empty();
            }
        };
    }

    /** The consents map, without channels the shop did not state. */
    static Map<String, Consent> consents(Consent email, Consent sms) {
        HashMap<String, Consent> consents = new HashMap<>();
        if (email != null) {
            consents.put("email", email);
        }
        if (sms != null) {
            consents.put("sms", sms);
        }
        return consents.isEmpty() ? null : Map.copyOf(consents);
    }
}
