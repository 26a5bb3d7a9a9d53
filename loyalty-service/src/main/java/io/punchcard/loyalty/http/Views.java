package io.punchcard.loyalty.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.loyalty.member.Member;

/** Domain objects as the API shows them. */
final class Views {

    private Views() {
    }

    static MemberView member(Member m) {
        Map<String, Consent> consents = new LinkedHashMap<>();
        m.consents().forEach((channel, c) -> consents.put(channel.name().toLowerCase(java.util.Locale.ROOT),
                new Consent(c.granted(), c.source(), c.at(), c.text())));
        return new MemberView(m.id(), m.status().name(), m.mergedInto(), m.givenName(), m.familyName(),
                m.identifier(IdentifierKind.PHONE).orElse(null), m.identifier(IdentifierKind.EMAIL).orElse(null),
                m.identifier(IdentifierKind.CARD).orElse(null), m.identifier(IdentifierKind.QR).orElse(null),
                m.identifiers(IdentifierKind.EXTERNAL), m.birthday(), m.language(), m.preferredStore(),
                m.joinChannel(), m.joinStore(), m.referralCode(), m.referredBy(), m.tags(), consents, m.tierCode(),
                m.tierSince(), m.createdAt(), m.updatedAt());
    }
}
