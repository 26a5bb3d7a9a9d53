package io.punchcard.campaign.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.helidon.dbclient.DbClient;

import io.punchcard.campaign.message.OneTimeCodes;
import io.punchcard.campaign.message.PlannedMessage;

/** One-time codes in the scheduler's schema: hashes only, each kept with its message in one transaction. */
public final class PgOneTimeCodes implements OneTimeCodes.Store {

    private final Tx tx;

    public PgOneTimeCodes(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public List<OneTimeCodes.Issued> issuedSince(String phone, Instant since) {
        return tx.read(c -> {
            List<OneTimeCodes.Issued> codes = new ArrayList<>();
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT * FROM one_time_code WHERE phone = ? "
                    + "AND created_at >= ? ORDER BY created_at DESC LIMIT 100"), phone, since);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    codes.add(issued(rs));
                }
            }
            return codes;
        });
    }

    @Override
    public void keep(OneTimeCodes.Issued code, PlannedMessage message, Instant messageExpiresAt) {
        tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO one_time_code (id, phone, code_hash, "
                    + "created_at, expires_at) VALUES (?, ?, ?, ?, ?)"), code.id(), code.phone(), code.hash(),
                    code.createdAt(), code.expiresAt())) {
                ps.executeUpdate();
            }
            return PgMessages.insert(c, message, messageExpiresAt, code.createdAt());
        });
    }

    @Override
    public Optional<OneTimeCodes.Issued> find(UUID id) {
        return tx.read(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT * FROM one_time_code WHERE id = ?"), id);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(issued(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public void wrongTry(UUID id, Instant at) {
        tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE one_time_code SET tries = tries + 1, "
                    + "last_try_at = ? WHERE id = ?"), at, id)) {
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean use(UUID id, Instant at) {
        return tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE one_time_code SET used_at = ? WHERE id = ? "
                    + "AND used_at IS NULL"), at, id)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static OneTimeCodes.Issued issued(ResultSet rs) throws SQLException {
        return new OneTimeCodes.Issued(rs.getObject("id", UUID.class), rs.getString("phone"), rs.getBytes("code_hash"),
                Tx.instant(rs.getTimestamp("created_at")), Tx.instant(rs.getTimestamp("expires_at")), rs.getInt("tries"),
                Tx.instant(rs.getTimestamp("last_try_at")), Tx.instant(rs.getTimestamp("used_at")));
    }
}
