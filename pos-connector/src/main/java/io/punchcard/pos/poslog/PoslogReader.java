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

    private PoslogReader(XMLStreamReader xml) {
        this.xml = xml;
    }

    /** A reader of {@code in}; nothing is read yet. */
    public static PoslogReader of(InputStream in) {
        try {
            return new PoslogReader(FACTORY.createXMLStreamReader(in));
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
     * @param line   where
     * @param column and the column
     * @param reason the parser's words
     */
    public record Broken(int line, int column, String reason) implements Read {
    }

    /** The next transaction, or a break in the file, or empty at the end. */
    public Optional<Read> next() {
        if (broken) {
            return Optional.empty();
        }
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("Transaction")) {
                    return Optional.of(element(new int[] {0}, 1));
                }
            }
            return Optional.empty();
        } catch (TooLarge e) {
            broken = true;
            return Optional.of(new Broken(e.line, e.column, e.getMessage()));
        } catch (XMLStreamException e) {
            broken = true;
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNumber();
            return Optional.of(new Broken(line, column, "not well-formed XML (" + e.getMessage()
                    .replaceFirst("(?s)^ParseError at \\[[^]]*]\\s*Message: ", "").strip()
                    + "); the rest of the file was not read"));
        }
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
