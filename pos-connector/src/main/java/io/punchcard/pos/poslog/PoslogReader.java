package io.punchcard.pos.poslog;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an ARTS POSLog file one {@code <Transaction>} at a time, with StAX: only the transaction being read is
 * in memory, so a file of any size is read in a few megabytes. Each transaction comes out as a small tree of
 * its elements (local names, namespaces dropped: NCR's {@code acs:LoyaltyID} is {@code LoyaltyID}), receipt
 * images left out. A file that stops being well-formed XML ends the reading at that point, reported with its
 * line and column; what was read before it stands.
 */
public final class PoslogReader implements AutoCloseable {

    /** Elements per transaction before it is refused as not a till's transaction. */
    static final int MAX_ELEMENTS = 20_000;
    /** Elements nested deeper than this in one transaction (a till's nest a dozen deep) stop the file. */
    static final int MAX_DEPTH = 64;
    /** Characters kept of one element's text. */
    static final int MAX_TEXT = 4_096;

    private static final XMLInputFactory FACTORY = factory();

    private final XMLStreamReader xml;
    private boolean broken;
    /** The elements read so far of the transaction being read, to name it if the file breaks inside it. */
    private List<Element> open;
    private int openLine;
    private int openColumn;

    private final Tail tail;

    private PoslogReader(XMLStreamReader xml, Tail tail) {
        this.xml = xml;
        this.tail = tail;
    }

    /** A reader of {@code in}; nothing is read yet. */
    public static PoslogReader of(InputStream in) {
        Tail tail = new Tail(in);
        try {
            return new PoslogReader(FACTORY.createXMLStreamReader(tail), tail);
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("Not XML: " + e.getMessage(), e);
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // A file from a till names no outside entities or DTDs; refusing them keeps a crafted file from reading
        // the connector's disk or the network (XXE).
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** What reading gave next. */
    public sealed interface Read permits Element, Broken {
    }

    /**
     * One element and what it holds.
     *
     * @param name       local name
     * @param attributes attributes by local name
     * @param text       its own text, trimmed
     * @param children   its elements, in order
     * @param line       where it starts in the file
     * @param column     and the column
     */
    public record Element(String name, Map<String, String> attributes, String text, List<Element> children, int line,
                          int column) implements Read {

        /** The first child with this local name. */
        public Optional<Element> child(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).findFirst();
        }

        /** The children with this local name. */
        public List<Element> all(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).toList();
        }

        /** The first element with this local name anywhere below, depth first. */
        public Optional<Element> find(String descendant) {
            for (Element c : children) {
                if (c.name.equals(descendant)) {
                    return Optional.of(c);
                }
                Optional<Element> below = c.find(descendant);
                if (below.isPresent()) {
                    return below;
                }
            }
            return Optional.empty();
        }

        /** The text of the first child with this local name, if it has any. */
        public Optional<String> childText(String childName) {
            return child(childName).map(Element::text).filter(t -> !t.isEmpty());
        }

        public String attribute(String attributeName) {
            return attributes.get(attributeName);
        }
    }

    /**
     * The file stopped being readable XML here; nothing after it is read.
     *
     * @param line        where
     * @param column      and the column
     * @param transaction the transaction it broke inside, as far as it was read ({@code 9-34-161-?}), or null
     * @param reason      a sentence saying where and why, for the person who sent the file
     */
    public record Broken(int line, int column, String transaction, String reason) implements Read {
    }

    /** The next transaction, or a break in the file, or empty at the end. */
    public Optional<Read> next() {
        if (broken) {
            return Optional.empty();
        }
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("Transaction")) {
                    openLine = xml.getLocation().getLineNumber();
                    openColumn = xml.getLocation().getColumnNumber();
                    Element transaction = element(new int[] {0}, 1);
                    open = null;
                    return Optional.of(transaction);
                }
            }
            return Optional.empty();
        } catch (TooLarge e) {
            broken = true;
            return Optional.of(new Broken(e.line, e.column, openTransaction(), e.getMessage()));
        } catch (XMLStreamException e) {
            broken = true;
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNumber();
            String reason = BrokenFile.sentence(e.getMessage(), tail.cutShortAt(line, column), line, column,
                    open == null ? null : openElement(), openLine, openColumn);
            return Optional.of(new Broken(line, column, openTransaction(), reason));
        }
    }

    /** What was read of the transaction the file broke inside, or null when it broke between transactions. */
    private Element openElement() {
        return new Element("Transaction", Map.of(), "", List.copyOf(open), openLine, openColumn);
    }

    private String openTransaction() {
        return open == null ? null : PoslogMapping.described(openElement());
    }

    /** Reads the element the reader is on, to its end. */
    private Element element(int[] count, int depth) throws XMLStreamException {
        int line = xml.getLocation().getLineNumber();
        int column = xml.getLocation().getColumnNumber();
        if (++count[0] > MAX_ELEMENTS) {
            throw new TooLarge(line, column, "a transaction of more than " + MAX_ELEMENTS + " elements is not a till's");
        }
        if (depth > MAX_DEPTH) {
            // Read recursively: a file nested thousands deep would overflow the stack, not just fail.
            throw new TooLarge(line, column, "elements nested more than " + MAX_DEPTH + " deep are not a till's");
        }
        String name = xml.getLocalName();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            attributes.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
        }
        boolean image = name.equals("ReceiptImage");
        StringBuilder text = new StringBuilder();
        List<Element> children = new ArrayList<>();
        if (depth == 1) {
            open = children;
        }
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (image) {
                        skip();
                    } else {
                        children.add(element(count, depth + 1));
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    if (!image && text.length() < MAX_TEXT) {
                        text.append(xml.getText(), 0, Math.min(xml.getTextLength(), MAX_TEXT - text.length()));
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return new Element(name, attributes, text.toString().strip(), List.copyOf(children), line, column);
                }
                default -> {
                    // Comments and processing instructions say nothing about a sale.
                }
            }
        }
    }

    private void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /**
     * The input as the parser reads it, keeping count of where its last tag closes: a file that breaks after its
     * last '>' was cut short (inside a tag or a text), whatever the parser makes of the unfinished tag it ends in.
     */
    private static final class Tail extends java.io.FilterInputStream {
        private boolean ended;
        private int line = 1;
        private int column = 1;
        /** Where the character after the last '>' read is. */
        private int closedLine = 1;
        private int closedColumn = 1;

        Tail(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b < 0) {
                ended = true;
            } else {
                count((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                ended = true;
            }
            for (int i = 0; i < n; i++) {
                count(buffer[offset + i]);
            }
            return n;
        }

        /** Lines and columns in characters: a UTF-8 continuation byte is no new column. */
        private void count(byte b) {
            if (b == '\n') {
                line++;
                column = 1;
            } else if ((b & 0xC0) != 0x80) {
                column++;
            }
            if (b == '>') {
                closedLine = line;
                closedColumn = column;
            }
        }

        /** Whether the input ended and {@code atLine}, {@code atColumn} is past its last tag's end. */
        boolean cutShortAt(int atLine, int atColumn) {
            return ended && (atLine > closedLine || atLine == closedLine && atColumn >= closedColumn);
        }
    }

    /** A transaction too big to be a till's. */
    private static final class TooLarge extends RuntimeException {
        private final int line;
        private final int column;

        TooLarge(int line, int column, String what) {
            super(what + "; the rest of the file was not read");
            this.line = line;
            this.column = column;
        }
    }

    @Override
    public void close() {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // Nothing held.
        }
    }
}
