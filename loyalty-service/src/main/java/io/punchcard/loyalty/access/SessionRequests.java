package io.punchcard.loyalty.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.api.identity.Identifiers;
import io.punchcard.api.v1.OpenKioskSession;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Violation;

/** Checks a request to open a kiosk session and says who may make it. */
public final class SessionRequests {

    /** An API key's public id as keys are made (PgApiKeys: 12 of Crockford's characters), with room to spare. */
    private static final java.util.regex.Pattern KEY_ID = java.util.regex.Pattern.compile("[0-9a-z]{1,64}");

    private SessionRequests() {
    }

    /** How the shopper proved who they are. */
    public sealed interface Proof permits Scanned, ProvenPhone {
        /** The member's identifier the proof names. */
        Identifier identifier();

        /** The request field it was given in. */
        String field();
    }

    /**
     * @param identifier the card or QR token the kiosk's scanner read, normalised
     * @param field      {@code card} or {@code qr}
     */
    public record Scanned(Identifier identifier, String field) implements Proof {
    }

    /**
     * @param identifier the phone number a one-time code proved, normalised
     * @param kioskKeyId the public id of the KIOSK key the session is for
     */
    public record ProvenPhone(Identifier identifier, String kioskKeyId) implements Proof {
        @Override
        public String field() {
            return "phone";
        }
    }

    /** The proof a request gives, or what is wrong with it. */
    public static Checked<Proof> proof(OpenKioskSession request, String phoneRegion) {
        if (request == null) {
            return new Checked.Invalid<>(List.of(new Violation("", "a session request is required")));
        }
        List<Violation> violations = new ArrayList<>();
        List<String> named = new ArrayList<>();
        String[][] ways = {{"card", request.card()}, {"qr", request.qr()}, {"phone", request.phone()}};
        for (String[] way : ways) {
            if (way[1] != null) {
                named.add(way[0]);
            }
        }
        if (named.isEmpty()) {
            violations.add(new Violation("card", "name the member by card, qr, or phone with kioskKey"));
        } else if (named.size() > 1) {
            violations.add(new Violation(named.get(1), "name the member one way: card, qr or phone, not "
                    + String.join(" and ", named)));
        }
        boolean byPhone = request.phone() != null;
        if (byPhone && request.kioskKey() == null) {
            violations.add(new Violation("kioskKey", "is required with phone: the public id of the KIOSK key the "
                    + "session is for"));
        } else if (!byPhone && request.kioskKey() != null) {
            violations.add(new Violation("kioskKey", "goes with phone only: a kiosk opens its own sessions by card "
                    + "or qr"));
        } else if (byPhone && !KEY_ID.matcher(request.kioskKey()).matches()) {
            violations.add(new Violation("kioskKey", "is not the public id of an API key"));
        }
        if (!violations.isEmpty()) {
            return new Checked.Invalid<>(violations);
        }
        String field = named.get(0);
        IdentifierKind kind = switch (field) {
            case "card" -> IdentifierKind.CARD;
            case "qr" -> IdentifierKind.QR;
            default -> IdentifierKind.PHONE;
        };
        String raw = field.equals("card") ? request.card() : field.equals("qr") ? request.qr() : request.phone();
        return switch (Identifiers.normalise(kind, raw, phoneRegion)) {
            case Identifiers.Valid valid -> new Checked.Ok<>(byPhone
                    ? new ProvenPhone(valid.identifier(), request.kioskKey())
                    : new Scanned(valid.identifier(), field));
            case Identifiers.Invalid invalid -> new Checked.Invalid<>(List.of(new Violation(field, invalid.reason())));
        };
    }

    /**
     * Why a key of {@code scope} may not open a session by {@code proof}, if it may not. A scan is a kiosk's own
     * proof: a stolen connector key cannot claim one. A phone is proven elsewhere, by a one-time code the service
     * that sent it checked: a kiosk's key alone would otherwise open a session for any phone number it names.
     */
    public static Optional<Access.Refused> refusal(Proof proof, Scope scope) {
        return switch (proof) {
            case Scanned scanned -> scope == Scope.KIOSK ? Optional.empty() : Optional.of(new Access.Refused(
                    Access.Refusal.FORBIDDEN, "A kiosk opens a session by what its scanner read, with its own KIOSK "
                    + "key; a " + scope + " key opens one by phone with kioskKey.", scanned.field()));
            case ProvenPhone phone -> scope == Scope.CONNECTOR || scope == Scope.ADMIN ? Optional.empty()
                    : Optional.of(new Access.Refused(Access.Refusal.FORBIDDEN, "A session by phone is opened by the "
                    + "service that checked the shopper's one-time code (a CONNECTOR key), not by a " + scope
                    + " key.", "phone"));
        };
    }
}
