package io.punchcard.campaign.results;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * Who is held out of a campaign: a member's bucket, from a hash of the campaign and the member, is compared with
 * the campaign's share. The bucket never changes for a (campaign, member), so a member held out of Monday's
 * send is held out of Tuesday's too, on every instance and after any restart, without a row to remember it;
 * and the buckets of two campaigns are independent, so the same members are not held out of everything.
 *
 * <p>The function, exactly, so that any implementation can match it:
 * <ol>
 *   <li>the text {@code campaignId + ":" + member}, the member in the canonical lower-case form
 *       ({@code 123e4567-e89b-12d3-a456-426614174000}, as both {@link UUID#toString()} and PostgreSQL's
 *       {@code uuid::text} write it), encoded as UTF-8;</li>
 *   <li>its SHA-256 digest;</li>
 *   <li>the digest's first 4 bytes read as an unsigned big-endian 32-bit integer;</li>
 *   <li>that integer modulo {@value #BUCKETS}: the bucket, 0 to 9,999.</li>
 * </ol>
 * A member is held out when their bucket is below the share in basis points: 10% holds out buckets 0 to 999.
 * Because 2^32 is not a multiple of 10,000, buckets 0 to 7,295 each take one value of the 32-bit integer more than
 * the rest (429,497 rather than 429,496): a share is off by less than one in a million, far below what any
 * campaign can see.
 *
 * <p>SHA-256 rather than PostgreSQL's {@code hashtext}, whose values are not promised across PostgreSQL versions
 * or platforms; {@code sha256()} is built into PostgreSQL 11 and later, and its result cannot change.
 */
public final class Holdout {

    /** How many buckets there are: one per basis point of a share. */
    public static final int BUCKETS = 10_000;

    /**
     * The bucket in PostgreSQL, as a format with two arguments: {@code %1$s} the SQL of the campaign's id (a
     * parameter or a column), {@code %2$s} the SQL of the member's id (a {@code uuid} or its text). Its value is a
     * {@code bigint} equal to {@link #bucket(String, UUID)}. Use {@link #bucketSql(String, String)} to fill it in.
     */
    public static final String BUCKET_SQL_FORMAT = "((('x' || substr(encode(sha256(convert_to("
            + "CAST(%1$s AS text) || ':' || CAST(%2$s AS text), 'UTF8')), 'hex'), 1, 8))::bit(32)::bigint) %% "
            + BUCKETS + ")";

    private Holdout() {
    }

    /** The member's bucket for this campaign: 0 to 9,999, always the same for the same two ids. */
    public static int bucket(String campaignId, UUID member) {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(member, "member");
        byte[] digest = sha256().digest((campaignId + ":" + member).getBytes(StandardCharsets.UTF_8));
        long first32 = ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8)
                | (digest[3] & 0xFFL);
        return (int) (first32 % BUCKETS);
    }

    /** True when the member is held out of the campaign at this share. */
    public static boolean heldOut(String campaignId, UUID member, HoldoutShare share) {
        return bucket(campaignId, member) < share.basisPoints();
    }

    /** True when the member is held out of the campaign at a whole-percent share, 0 to 50. */
    public static boolean heldOut(String campaignId, UUID member, int sharePercent) {
        return heldOut(campaignId, member, HoldoutShare.ofPercent(sharePercent));
    }

    /**
     * {@link #BUCKET_SQL_FORMAT} filled in: {@code bucketSql("?", "f.member_id")} for a bound campaign id and a
     * column of members. The arguments are SQL, not values: pass placeholders or column names, never input.
     */
    public static String bucketSql(String campaignSql, String memberSql) {
        return BUCKET_SQL_FORMAT.formatted(campaignSql, memberSql);
    }

    /** The SQL condition that holds for held-out members: the bucket below the share, in basis points. */
    public static String heldOutSql(String campaignSql, String memberSql, HoldoutShare share) {
        return bucketSql(campaignSql, memberSql) + " < " + share.basisPoints();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's contract).
            throw new IllegalStateException(e);
        }
    }
}
