package io.punchcard.testsupport;

import redis.clients.jedis.JedisPooled;

/**
 * A Redis logical database that belongs to one test class, empty when the class starts.
 *
 * @param host     server host
 * @param port     server port
 * @param database the logical database number
 * @param source   where the server came from
 */
public record TestRedis(String host, int port, int database, StoreSource source) {

    /** {@code redis://host:port/database}, the form {@code redis.url} takes. */
    public String url() {
        return "redis://" + host + ":" + port + "/" + database;
    }

    /** A new client on this database; the caller closes it. */
    public JedisPooled client() {
        return new JedisPooled(java.net.URI.create(url()));
    }
}
