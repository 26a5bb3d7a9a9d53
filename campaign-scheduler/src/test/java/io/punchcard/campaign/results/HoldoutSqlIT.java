package io.punchcard.campaign.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The holdout's SQL form gives every member the bucket Java gives them, so a segment query can leave held-out members
 * out on its own and the results can count them, without either side disagreeing with the engine about anyone.
 */
@WithStores
class HoldoutSqlIT {

    private static final int MEMBERS = 10_000;

    @ParameterizedTest
    @ValueSource(strings = {"spring-sale", "café-été ☕", "win-back:2026-12"})
    void postgresComputesTheSameBucketAsJavaForEveryMember(String campaign, TestPostgres postgres) throws Exception {
        Random random = new Random(campaign.hashCode());
        Map<UUID, Integer> expected = new HashMap<>();
        while (expected.size() < MEMBERS) {
            UUID member = new UUID(random.nextLong(), random.nextLong());
            expected.put(member, Holdout.bucket(campaign, member));
        }
        Map<UUID, Integer> actual = new HashMap<>();
        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement("SELECT m, " + Holdout.bucketSql("?", "m")
                     + " FROM unnest(?) AS m")) {
            Array members = connection.createArrayOf("uuid", expected.keySet().toArray());
            query.setString(1, campaign);
            query.setArray(2, members);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    actual.put(rows.getObject(1, UUID.class), Math.toIntExact(rows.getLong(2)));
                }
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void postgresHoldsOutTheMembersJavaHoldsOut(TestPostgres postgres) throws Exception {
        HoldoutShare share = HoldoutShare.ofPercent(10);
        Random random = new Random(3);
        UUID[] members = new UUID[MEMBERS];
        long javaHeldOut = 0;
        for (int i = 0; i < MEMBERS; i++) {
            members[i] = new UUID(random.nextLong(), random.nextLong());
            javaHeldOut += Holdout.heldOut("vip-evening", members[i], share) ? 1 : 0;
        }
        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FILTER (WHERE "
                     + Holdout.heldOutSql("?", "m", share) + "), count(*) FROM unnest(?) AS m")) {
            query.setString(1, "vip-evening");
            query.setArray(2, connection.createArrayOf("uuid", members));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                assertEquals(javaHeldOut, row.getLong(1));
                assertEquals(MEMBERS, row.getLong(2));
            }
        }
    }
}
