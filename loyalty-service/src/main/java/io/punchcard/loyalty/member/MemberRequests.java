package io.punchcard.loyalty.member;

import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.api.identity.Identifiers;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.UpdateMember;
import io.punchcard.loyalty.program.Channel;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Violation;

/** Checks member requests from the wire and turns them into domain commands. */
public final class MemberRequests {

    /** How far ahead of ours a client's clock may be when it says when a consent was given. */
    private static final java.time.Duration CONSENT_CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    private MemberRequests() {
    }

    /** An enrolment, or what is wrong with it. */
    public static Checked<Enrollment> enrollment(EnrollMember request, Program program, Clock clock) {
        List<Violation> violations = new ArrayList<>();
        if (request == null) {
            return new Checked.Invalid<>(List.of(new Violation("", "a member is required")));
        }
        Limits.text(violations, "givenName", request.givenName());
        Limits.text(violations, "familyName", request.familyName());
        List<Identifier> identifiers = new ArrayList<>();
        identifier(violations, identifiers, "phone", IdentifierKind.PHONE, request.phone(), program);
        identifier(violations, identifiers, "email", IdentifierKind.EMAIL, request.email(), program);
        identifier(violations, identifiers, "cardNumber", IdentifierKind.CARD, request.cardNumber(), program);
        List<String> external = request.externalIds() == null ? List.of() : request.externalIds();
        if (external.size() > Limits.MAX_EXTERNAL_IDS) {
            violations.add(new Violation("externalIds", "at most " + Limits.MAX_EXTERNAL_IDS));
        }
        for (int i = 0; i < external.size() && i < Limits.MAX_EXTERNAL_IDS; i++) {
            String field = "externalIds[" + i + "]";
            if (external.get(i) == null) {
                violations.add(new Violation(field, "is null"));
                continue;
            }
            int before = identifiers.size();
            identifier(violations, identifiers, field, IdentifierKind.EXTERNAL, external.get(i), program);
            if (identifiers.size() > before && identifiers.subList(0, before).contains(identifiers.get(before))) {
                identifiers.remove(before);
                violations.add(new Violation(field, "is listed twice"));
            }
        }
        Channel joinChannel = channel(violations, "joinChannel", request.joinChannel());
        store(violations, "joinStore", request.joinStore(), program);
        store(violations, "preferredStore", request.preferredStore(), program);
        language(violations, request.language());
        List<String> tags = tags(violations, request.tags());
        Map<Member.ConsentChannel, Member.ConsentState> consents = consents(violations, request.consents(), clock.instant());
        if (request.referrerCode() != null && !request.referrerCode().matches("[0-9A-Za-z]{8}")) {
            violations.add(new Violation("referrerCode", "is not a referral code"));
        }
        if (request.birthday() != null && request.birthday().isAfter(java.time.LocalDate.now(clock))) {
            violations.add(new Violation("birthday", "is in the future"));
        }
        return Checked.of(violations, () -> new Enrollment(request.givenName(), request.familyName(), identifiers,
                request.birthday(), request.language(), request.preferredStore(), joinChannel, request.joinStore(), tags,
                consents, request.referrerCode()));
    }

    /** A change, or what is wrong with it. */
    public static Checked<MemberChanges> changes(UpdateMember request, Program program, Clock clock) {
        List<Violation> violations = new ArrayList<>();
        if (request == null) {
            return new Checked.Invalid<>(List.of(new Violation("", "a change is required")));
        }
        Limits.text(violations, "givenName", request.givenName());
        Limits.text(violations, "familyName", request.familyName());
        List<Identifier> identifiers = new ArrayList<>();
        List<IdentifierKind> removed = new ArrayList<>();
        change(violations, identifiers, removed, "phone", IdentifierKind.PHONE, request.phone(), program);
        change(violations, identifiers, removed, "email", IdentifierKind.EMAIL, request.email(), program);
        change(violations, identifiers, removed, "cardNumber", IdentifierKind.CARD, request.cardNumber(), program);
        if (request.preferredStore() != null && !request.preferredStore().isEmpty()) {
            store(violations, "preferredStore", request.preferredStore(), program);
        }
        if (request.language() != null && !request.language().isEmpty()) {
            language(violations, request.language());
        }
        Optional<List<String>> tags = request.tags() == null ? Optional.empty() : Optional.of(tags(violations, request.tags()));
        Map<Member.ConsentChannel, Member.ConsentState> consents = consents(violations, request.consents(), clock.instant());
        return Checked.of(violations, () -> new MemberChanges(Optional.ofNullable(request.givenName()),
                Optional.ofNullable(request.familyName()), identifiers, removed, Optional.ofNullable(request.birthday()),
                Optional.ofNullable(request.language()), Optional.ofNullable(request.preferredStore()), tags, consents));
    }

    /**
     * The identifier a member reference names, if it names one by identifier; violations when it names more
     * than one way or an invalid one. A reference by id gives no identifier.
     */
    public static Checked<Optional<Identifier>> reference(MemberRef ref, String path, Program program) {
        List<Violation> violations = new ArrayList<>();
        if (ref == null) {
            return new Checked.Ok<>(Optional.empty());
        }
        List<Identifier> found = new ArrayList<>();
        int named = ref.memberId() == null ? 0 : 1;
        String[][] kinds = {{"card", ref.card()}, {"phone", ref.phone()}, {"email", ref.email()}, {"qr", ref.qr()},
                {"externalId", ref.externalId()}};
        IdentifierKind[] types = {IdentifierKind.CARD, IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.QR,
                IdentifierKind.EXTERNAL};
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i][1] != null) {
                named++;
                identifier(violations, found, path + "." + kinds[i][0], types[i], kinds[i][1], program);
            }
        }
        if (named > 1) {
            violations.add(new Violation(path, "name the member one way: memberId or one identifier"));
        }
        return Checked.of(violations, () -> found.stream().findFirst());
    }

    private static void identifier(List<Violation> violations, List<Identifier> into, String field, IdentifierKind kind,
                                   String raw, Program program) {
        if (raw == null) {
            return;
        }
        switch (Identifiers.normalise(kind, raw, program.phoneRegion())) {
            case Identifiers.Valid valid -> into.add(valid.identifier());
            case Identifiers.Invalid invalid -> violations.add(new Violation(field, invalid.reason()));
        }
    }

    private static void change(List<Violation> violations, List<Identifier> into, List<IdentifierKind> removed,
                               String field, IdentifierKind kind, String raw, Program program) {
        if (raw == null) {
            return;
        }
        if (raw.isEmpty()) {
            removed.add(kind);
        } else {
            identifier(violations, into, field, kind, raw, program);
        }
    }

    private static Channel channel(List<Violation> violations, String field, String raw) {
        if (raw == null) {
            violations.add(new Violation(field, "is required: POS, ONLINE or KIOSK"));
            return null;
        }
        try {
            return Channel.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, "'" + raw + "' is not POS, ONLINE or KIOSK"));
            return null;
        }
    }

    private static void store(List<Violation> violations, String field, String code, Program program) {
        if (code != null && program.store(code).isEmpty()) {
            violations.add(new Violation(field, "no store '" + code + "' in the program"));
        }
    }

    private static void language(List<Violation> violations, String language) {
        if (language != null && !language.matches("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")) {
            violations.add(new Violation("language", "'" + language + "' is not a language tag such as de or pt-BR"));
        }
    }

    private static List<String> tags(List<Violation> violations, List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > Limits.MAX_TAGS) {
            violations.add(new Violation("tags", "at most " + Limits.MAX_TAGS));
            return List.of();
        }
        for (int i = 0; i < tags.size(); i++) {
            Limits.required(violations, "tags[" + i + "]", tags.get(i));
        }
        return tags.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).distinct().toList();
    }

    /** Consents from the wire, or what is wrong with them. */
    public static Checked<Map<Member.ConsentChannel, Member.ConsentState>> consents(Map<String, Consent> consents, Clock clock) {
        List<Violation> violations = new ArrayList<>();
        Map<Member.ConsentChannel, Member.ConsentState> result = consents(violations, consents, clock.instant());
        return Checked.of(violations, () -> result);
    }

    private static Map<Member.ConsentChannel, Member.ConsentState> consents(List<Violation> violations,
                                                                             Map<String, Consent> consents, Instant now) {
        Map<Member.ConsentChannel, Member.ConsentState> result = new EnumMap<>(Member.ConsentChannel.class);
        if (consents == null) {
            return result;
        }
        for (var entry : consents.entrySet()) {
            String field = "consents." + entry.getKey();
            Member.ConsentChannel channel;
            try {
                channel = Member.ConsentChannel.valueOf(entry.getKey().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(field, "consent is asked for email and sms only"));
                continue;
            }
            Consent consent = entry.getValue();
            if (consent == null) {
                violations.add(new Violation(field, "is required"));
                continue;
            }
            Limits.required(violations, field + ".source", consent.source());
            // A consent given elsewhere (a web shop's checkbox, a paper form keyed in later) keeps its own time.
            Instant at = consent.at() == null ? now : consent.at();
            if (at.isAfter(now.plus(CONSENT_CLOCK_SKEW))) {
                violations.add(new Violation(field + ".at", "is in the future"));
                continue;
            }
            if (consent.text() != null && consent.text().length() > Consent.MAX_TEXT_CHARS) {
                violations.add(new Violation(field + ".text", "at most " + Consent.MAX_TEXT_CHARS + " characters"));
                continue;
            }
            result.put(channel, new Member.ConsentState(consent.granted(), consent.source(), at, consent.text()));
        }
        return result;
    }
}
