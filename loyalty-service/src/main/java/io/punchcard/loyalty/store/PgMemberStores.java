package io.punchcard.loyalty.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.punchcard.loyalty.member.MemberStores;

/** A member's stores read from {@code member} and {@code purchase} (its index on member_id serves both reads). */
public final class PgMemberStores implements MemberStores {

    private final Jdbc jdbc;

    public PgMemberStores(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Set<String>> storesOf(UUID member, Collection<String> among) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.join_store, m.preferred_store,
                           ARRAY(SELECT s FROM unnest(?::text[]) AS s
                                 WHERE EXISTS (SELECT 1 FROM purchase p WHERE p.member_id = m.id AND p.store = s))
                    FROM member m WHERE m.id = ?""")) {
                ps.setArray(1, c.createArrayOf("text", among.toArray()));
                ps.setObject(2, member);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Set<String>>empty();
                    }
                    Set<String> stores = new HashSet<>();
                    for (String store : new String[] {rs.getString(1), rs.getString(2)}) {
                        if (store != null) {
                            stores.add(store);
                        }
                    }
                    stores.addAll(List.of((String[]) rs.getArray(3).getArray()));
                    return Optional.of(Set.copyOf(stores));
                }
            }
        });
    }

    @Override
    public Set<UUID> within(Collection<UUID> members, List<String> stores) {
        if (members.isEmpty()) {
            return Set.of();
        }
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.id FROM member m WHERE m.id = ANY(?) AND (m.join_store = ANY(?) OR m.preferred_store = ANY(?)
                        OR EXISTS (SELECT 1 FROM purchase p WHERE p.member_id = m.id AND p.store = ANY(?)))""")) {
                var storeArray = c.createArrayOf("text", stores.toArray());
                ps.setArray(1, c.createArrayOf("uuid", members.toArray()));
                ps.setArray(2, storeArray);
                ps.setArray(3, storeArray);
                ps.setArray(4, storeArray);
                Set<UUID> found = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getObject(1, UUID.class));
                    }
                }
                return found;
            }
        });
    }
}
