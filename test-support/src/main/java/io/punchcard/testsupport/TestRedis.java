package io.punchcard.testsupport;

import java.net.URI;

import redis.clients.jedis.JedisPooled;

/**
 * A Redis logical database that belongs to one test class, empty when the class starts.
 *
 * @param server   the server, {@code redis://[user:password@]host:port}
 * @param database the logical database number
 * @param source   where the server came from
 */
public record TestRedis(URI server, int database, StoreSource source) {

    /** {@code redis://…/database}, the form {@code redis.url} takes. */
    public String url() {
        return server + "/" + database;
    }

    public String host() {
        return server.getHost();
    }

    public int port() {
        return server.getPort();
    }

    /** A new client on this database; the caller closes it. */
    public JedisPooled client() {
        return new JedisPooled(URI.create(url()));
    }
}
