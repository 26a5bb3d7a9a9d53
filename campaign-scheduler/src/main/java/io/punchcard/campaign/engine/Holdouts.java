package io.punchcard.campaign.engine;

/**
 * Who is held out of a campaign: a stable bucket of (campaign, member) from a hash, 0 to 9999, held out when
 * below the campaign's share in basis points. Stable across processes, versions and the database, which computes
 * the same bucket when it plans a whole audience.
 */
public final class Holdouts {

    /**
     * The bucket in SQL over {@code f.member_id}, with the campaign's id as its one bind: the first 32 bits of
     * SHA-256 of {@code <campaign>:<member id>} as an unsigned number, modulo 10,000.
     */
    public static final String BUCKET_SQL = "(('x' || substr(encode(sha256(convert_to(? || ':' || f.member_id::text, "
            + "'UTF8')), 'hex'), 1, 8))::bit(32)::bigint % 10000)";

    private Holdouts() {
    }
}
