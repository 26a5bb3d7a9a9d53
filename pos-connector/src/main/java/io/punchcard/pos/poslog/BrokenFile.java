package io.punchcard.pos.poslog;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and why a POSLog file stopped being readable, said in a sentence for the person who exported it: "the
 * file ends inside transaction 161 of workstation 34 at line 210, column 5: …", not the XML parser's message.
 */
final class BrokenFile {

    /** What the JDK's parser says when the input ends with elements still open. */
    private static final List<String> CUT_SHORT = List.of("must start and end within the same entity",
            "Premature end of file");

    /** The parser's messages a person meets in a damaged export, and what they mean in a till's terms. */
    private static final List<Plain> PLAIN = List.of(
            new Plain("The element type \"([^\"]+)\" must be terminated by the matching end-tag",
                    "<%s> is not closed by its own end tag"),
            new Plain("The end-tag for element type \"([^\"]+)\" must end with a '>' delimiter",
                    "the end tag </%s lacks its '>'"),
            new Plain("Element type \"([^\"]+)\" must be followed by either attribute specifications",
                    "the tag <%s is not closed with '>'"),
            new Plain("The markup in the document following the root element must be well-formed",
                    "there is more after the end of the POSLog element"),
            new Plain("The content of elements must consist of well-formed character data or markup",
                    "a '<' starts something that is not an element"),
            new Plain("The entity name must immediately follow the '&'",
                    "an '&' is not written as &amp;"),
            new Plain("Content is not allowed in prolog", "there is text before the first element"));

    private record Plain(Pattern message, String meaning) {
        Plain(String message, String meaning) {
            this(Pattern.compile(message), meaning);
        }
    }

    private BrokenFile() {
    }

    /**
     * @param parserMessage what the parser said
     * @param atEnd         whether it broke at the end of the input
     * @param line          where it broke
     * @param column        and the column
     * @param open          what was read of the transaction it broke inside, or null between transactions
     * @param openLine      where that transaction begins
     * @param openColumn    and the column
     */
    static String sentence(String parserMessage, boolean atEnd, int line, int column, PoslogReader.Element open,
                           int openLine, int openColumn) {
        String message = parserMessage == null ? "" : parserMessage;
        String at = "at line " + line + ", column " + column;
        boolean cutShort = atEnd || CUT_SHORT.stream().anyMatch(message::contains);
        if (cutShort && open != null) {
            return "the file ends inside " + transaction(open, openLine, openColumn) + " " + at + ": it was cut short, "
                    + "so that transaction and anything after it were not imported; import the complete file again "
                    + "(what was imported is not imported twice)";
        }
        if (cutShort) {
            return "the file ends " + at + " before the POSLog element is closed: it was cut short after the last "
                    + "whole transaction; if more were to follow, import the complete file again (what was imported is "
                    + "not imported twice)";
        }
        String where = open == null ? "" : " inside " + transaction(open, openLine, openColumn);
        return "the file stops being well-formed XML" + where + " " + at + ": " + plain(message)
                + "; nothing from there on was imported";
    }

    /** The transaction as a person finds it in the file: by its number and till, or by where it begins. */
    private static String transaction(PoslogReader.Element open, int openLine, int openColumn) {
        String sequence = open.childText("SequenceNumber").orElse(null);
        String workstation = open.childText("WorkstationID").orElse(null);
        if (sequence == null) {
            return "a transaction (begun at line " + openLine + ", column " + openColumn + ")";
        }
        return "transaction " + sequence + (workstation == null ? "" : " of workstation " + workstation);
    }

    private static String plain(String message) {
        for (Plain plain : PLAIN) {
            Matcher matcher = plain.message().matcher(message);
            if (matcher.find()) {
                Object[] groups = new Object[matcher.groupCount()];
                for (int i = 0; i < groups.length; i++) {
                    groups[i] = matcher.group(i + 1);
                }
                return plain.meaning().formatted(groups);
            }
        }
        // A message not listed above: the parser's own sentence, without its "ParseError at [row,col]" preamble.
        String sentence = message.replaceFirst("(?s)^ParseError at \\[[^]]*]\\s*Message: ", "").strip();
        return sentence.isEmpty() ? "it is not well-formed XML" : "it is not well-formed XML (" + sentence + ")";
    }
}
