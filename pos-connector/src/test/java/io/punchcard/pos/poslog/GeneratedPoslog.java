package io.punchcard.pos.poslog;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

import io.punchcard.api.Json;
import io.punchcard.outbox.SqliteOutbox;

/**
 * A POSLog file of any size, made as it is read (never whole in memory or on disk): {@code count} NCR-shaped
 * sales of about 1.2 KB each. Run as a program it imports such a file into a fresh outbox and prints the report,
 * so a test can run it in a JVM whose heap is a fraction of the file.
 */
final class GeneratedPoslog extends InputStream {

    private final long count;
    private long next;
    private byte[] chunk;
    private int at;
    private boolean ended;

    GeneratedPoslog(long count) {
        this.count = count;
        this.chunk = "<?xml version=\"1.0\"?><POSLog xmlns=\"http://www.nrf-arts.org/IXRetail/namespace/\" xmlns:acs=\"http://www.ncr.com/rsd/acs/tlog/markup/poslog/2.1\">"
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (at == chunk.length && !refill()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - at);
        System.arraycopy(chunk, at, buffer, offset, n);
        at += n;
        return n;
    }

    private boolean refill() {
        if (ended) {
            return false;
        }
        at = 0;
        if (next == count) {
            chunk = "</POSLog>".getBytes(StandardCharsets.UTF_8);
            ended = true;
            return true;
        }
        long n = next++;
        String sale = PoslogFiles.sale("9", Long.toString(n % 40), Long.toString(n), "2017-10-01",
                n % 3 == 0 ? "0000000000000040000066677" : null, "000000000" + (10000 + n % 5000), (1 + n % 50) + ".99");
        // Padding the size of a real sale's extra lines (NCR's CRM variables), which the import reads past.
        chunk = (sale.replace("</RetailTransaction>", "<LineItem><SequenceNumber>3</SequenceNumber>"
                + "<acs:CRMCustomVariable><acs:Type>New Custom Data</acs:Type><acs:ID>5</acs:ID><acs:Value>19</acs:Value>"
                + "</acs:CRMCustomVariable></LineItem></RetailTransaction>")).getBytes(StandardCharsets.UTF_8);
        return true;
    }

    /** {@code GeneratedPoslog <count> <outbox file>}: imports {@code count} generated sales, prints the report. */
    public static void main(String[] args) throws Exception {
        long count = Long.parseLong(args[0]);
        Path file = Path.of(args[1]);
        Files.deleteIfExists(file);
        try (SqliteOutbox outbox = SqliteOutbox.open(file)) {
            PoslogImport importer = new PoslogImport(outbox, () -> new PoslogMapping(ZoneId.of("America/New_York"), "USD"),
                    "S001", Clock.fixed(java.time.Instant.parse("2017-10-02T12:00:00Z"), java.time.ZoneOffset.UTC));
            PoslogImport.Report report = importer.run(new GeneratedPoslog(count), "generated.xml");
            System.out.println(Json.mapper().writeValueAsString(report));
            System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        }
    }
}
