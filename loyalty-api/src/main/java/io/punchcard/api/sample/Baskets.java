package io.punchcard.api.sample;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.punchcard.api.v1.PurchaseLine;

/**
 * Real baskets to buy: the invoices of the UCI "Online Retail" data set (a UK gift shop, December 2010), read
 * from {@code fixtures/retail}. Each invoice becomes a basket of its lines (SKU, quantity, unit price in
 * pence). Cancellations (invoice numbers starting with C), returns (negative quantities), free lines and fee
 * lines (postage, Amazon fees, manual adjustments) are left out. The data has no categories, so each SKU is
 * given one of a few by its hash, about one in fifty a gift card (which the default program excludes).
 */
public final class Baskets {

    /** The file, relative to the fixtures folder. */
    public static final String FILE = "retail/abdullah0150_Files_online_retail_first19999rows.csv";

    private static final Set<String> FEES = Set.of("POST", "DOT", "M", "D", "S", "C2", "AMAZONFEE", "BANK CHARGES",
            "CRUK", "PADS", "B");
    private static final String[] CATEGORIES = {"home", "kitchen", "gifts", "toys", "stationery", "garden"};

    private final List<List<PurchaseLine>> baskets;

    private Baskets(List<List<PurchaseLine>> baskets) {
        this.baskets = List.copyOf(baskets);
    }

    /** Reads the baskets from {@code fixtures} (the {@code fixtures} folder of the shared material). */
    public static Baskets read(Path fixtures, int maxLines) {
        Path file = fixtures.resolve(FILE);
        List<String> rows;
        try {
            rows = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the retail baskets at " + file.toAbsolutePath().normalize()
                    + " (" + e.getClass().getSimpleName() + "); name the shared fixtures folder (bench: --fixtures=DIR; app: DEMO_FIXTURES)", e);
        }
        Map<String, List<PurchaseLine>> invoices = new LinkedHashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            List<String> cells = cells(row);
            if (cells.size() < 6) {
                continue;
            }
            String invoice = cells.get(0);
            String sku = cells.get(1).trim();
            int quantity = Integer.parseInt(cells.get(3).trim());
            long pence = new BigDecimal(cells.get(5).trim()).movePointRight(2).longValue();
            if (invoice.startsWith("C") || quantity <= 0 || pence <= 0 || FEES.contains(sku)) {
                continue;
            }
            List<PurchaseLine> lines = invoices.computeIfAbsent(invoice, k -> new ArrayList<>());
            if (lines.size() < maxLines) {
                lines.add(new PurchaseLine(sku, category(sku), BigDecimal.valueOf(quantity), pence, 0L));
            }
        }
        if (invoices.isEmpty()) {
            throw new IllegalStateException("No baskets in " + file);
        }
        return new Baskets(new ArrayList<>(invoices.values()));
    }

    static String category(String sku) {
        int hash = Math.floorMod(sku.hashCode(), 50);
        return hash == 0 ? "gift-card" : CATEGORIES[hash % CATEGORIES.length];
    }

    /** How many baskets there are. */
    public int size() {
        return baskets.size();
    }

    /** Basket {@code i} (taken modulo the number of baskets). */
    public List<PurchaseLine> basket(long i) {
        return baskets.get((int) Math.floorMod(i, (long) baskets.size()));
    }

    /** What basket {@code i} costs, in pence. */
    public long total(long i) {
        return basket(i).stream().mapToLong(l -> l.quantity().longValueExact() * l.unitPriceMinor()).sum();
    }

    /** The mean number of lines per basket. */
    public double meanLines() {
        return baskets.stream().mapToInt(List::size).average().orElse(0);
    }

    /** Splits one CSV row, honouring double quotes (which the descriptions use around commas). */
    static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char ch = row.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < row.length() && row.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
