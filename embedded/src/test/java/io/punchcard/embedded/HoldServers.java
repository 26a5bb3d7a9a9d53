package io.punchcard.embedded;

import java.nio.file.Path;

/**
 * Starts a local PostgreSQL and Redis on the given folders and then waits forever, so a test can kill this
 * process with SIGKILL and check that the next start recovers.
 */
public final class HoldServers {

    private HoldServers() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]), 0, LocalPostgres.Durability.DURABLE);
        LocalRedis redis = LocalRedis.start(Path.of(args[1]), 0);
        System.out.println("READY " + postgres.port() + " " + redis.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
