package io.punchcard.kiosk.codes;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Codes a till's scanner reads off the kiosk's screen, drawn by ZXing and written as inline SVG (no image requests,
 * sharp at any size, nothing for a Content-Security-Policy to allow). Each dark module is a unit square in a
 * {@code viewBox} of modules, so CSS sizes the code and the quiet zone is part of the drawing.
 */
public final class Barcodes {

    /** The quiet zone a QR code needs around it, in modules (ISO/IEC 18004). */
    private static final int QR_QUIET_ZONE = 4;
    /** The quiet zone of a Code 128, in modules (at least ten times the narrowest bar). */
    private static final int CODE128_QUIET_ZONE = 10;
    /** A bar's height in modules: tall enough for a hand-held scanner's line to cross it easily. */
    private static final int CODE128_HEIGHT = 40;
    /** A voucher code or card number is short: a longer text is no code of ours. */
    private static final int MAX_TEXT = 200;

    private Barcodes() {
    }

    /** A QR code of {@code text} (error correction M: a scratched or dim screen still reads) as an SVG element. */
    public static String qrSvg(String text, String label) {
        BitMatrix matrix = encode(text, BarcodeFormat.QR_CODE);
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return svg(matrix.getWidth(), matrix.getHeight(), "qr", label,
                "<path fill=\"#000\" d=\"" + path + "\"/>");
    }

    /** A Code 128 barcode of {@code text} as an SVG element, one {@code rect} per bar. */
    public static String code128Svg(String text, String label) {
        BitMatrix row = encode(text, BarcodeFormat.CODE_128);
        StringBuilder bars = new StringBuilder();
        for (int x = 0; x < row.getWidth(); ) {
            if (!row.get(x, 0)) {
                x++;
                continue;
            }
            int start = x;
            while (x < row.getWidth() && row.get(x, 0)) {
                x++;
            }
            bars.append("<rect x=\"").append(start).append("\" y=\"0\" width=\"").append(x - start)
                    .append("\" height=\"").append(CODE128_HEIGHT).append("\"/>");
        }
        return svg(row.getWidth(), CODE128_HEIGHT, "code128", label, "<g fill=\"#000\">" + bars + "</g>");
    }

    /** The modules ZXing draws for {@code text}, quiet zone included; package-visible for the tests. */
    static BitMatrix encode(String text, BarcodeFormat format) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("a code holds 1 to " + MAX_TEXT + " characters");
        }
        try {
            return switch (format) {
                case QR_CODE -> new QRCodeWriter().encode(text, format, 0, 0, Map.of(
                        EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                        EncodeHintType.MARGIN, QR_QUIET_ZONE, EncodeHintType.CHARACTER_SET, "UTF-8"));
                case CODE_128 -> new Code128Writer().encode(text, format, 0, 0,
                        Map.of(EncodeHintType.MARGIN, CODE128_QUIET_ZONE));
                default -> throw new IllegalArgumentException(format + " is not drawn by the kiosk");
            };
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot draw '" + text + "' as " + format + ": " + e.getMessage(), e);
        }
    }

    private static String svg(int width, int height, String kind, String label, String body) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"" + kind + "\" viewBox=\"0 0 " + width + " " + height
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + escape(label) + "\">"
                + "<rect width=\"" + width + "\" height=\"" + height + "\" fill=\"#fff\"/>" + body + "</svg>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
