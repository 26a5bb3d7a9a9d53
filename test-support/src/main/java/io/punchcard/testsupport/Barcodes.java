package io.punchcard.testsupport;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;

/**
 * Reads a barcode back from a picture of it, the way a scanner at the till would, so a test can say that what a
 * shopper is shown is the code the system holds. Pictures taken from a browser are anti-aliased, may be small and
 * may touch the element's edge; each attempt redraws them in pure black and white, on a white quiet zone, at a
 * size the reader likes, before it gives up.
 */
public final class Barcodes {

    /** A QR code's quiet zone is 4 modules; a quarter of the picture's side is more than that for any version. */
    private static final double QUIET_ZONE = 0.25;
    /** Readers do best when a module is a few pixels wide; small pictures are scaled up to at least this side. */
    private static final int MIN_SIDE_PIXELS = 400;
    /** ... unless that makes the long side longer than this: a thin strip is no square code, and slow to search. */
    private static final int MAX_SIDE_PIXELS = 2400;
    private static final int[] THRESHOLDS = {128, 96, 160};

    private Barcodes() {
    }

    /** The text of the one barcode of {@code format} in {@code picture}, or empty when none can be read. */
    public static Optional<String> decode(BufferedImage picture, BarcodeFormat format) {
        for (int threshold : THRESHOLDS) {
            BufferedImage prepared = withQuietZone(blackAndWhite(scaledUp(picture), threshold));
            Optional<String> text = read(prepared, format);
            if (text.isPresent()) {
                return text;
            }
        }
        return read(picture, format);
    }

    private static Optional<String> read(BufferedImage image, BarcodeFormat format) {
        LuminanceSource source = new BufferedImageLuminanceSource(image);
        for (boolean pure : List.of(true, false)) {
            Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
            hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(format));
            hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
            hints.put(DecodeHintType.ALSO_INVERTED, Boolean.TRUE);
            hints.put(DecodeHintType.CHARACTER_SET, "UTF-8");
            if (pure) {
                hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
            }
            for (BinaryBitmap bitmap : List.of(new BinaryBitmap(new HybridBinarizer(source)),
                    new BinaryBitmap(new GlobalHistogramBinarizer(source)))) {
                try {
                    return Optional.of(new MultiFormatReader().decode(bitmap, hints).getText());
                } catch (NotFoundException e) {
                    // Not in this rendering; the next binarizer or mode may see it.
                } catch (ReaderException e) {
                    // Found but unreadable (checksum, format): the same, try the next way.
                }
            }
        }
        return Optional.empty();
    }

    private static BufferedImage scaledUp(BufferedImage picture) {
        int side = Math.min(picture.getWidth(), picture.getHeight());
        if (side >= MIN_SIDE_PIXELS || side == 0) {
            return picture;
        }
        int factor = Math.min((MIN_SIDE_PIXELS + side - 1) / side,
                MAX_SIDE_PIXELS / Math.max(picture.getWidth(), picture.getHeight()));
        if (factor <= 1) {
            return picture;
        }
        BufferedImage scaled = new BufferedImage(picture.getWidth() * factor, picture.getHeight() * factor,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        // Nearest neighbour: a module stays a square of one colour instead of growing blurred edges.
        g.drawImage(picture.getScaledInstance(scaled.getWidth(), scaled.getHeight(), Image.SCALE_REPLICATE), 0, 0, null);
        g.dispose();
        return scaled;
    }

    private static BufferedImage blackAndWhite(BufferedImage picture, int threshold) {
        BufferedImage result = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                int argb = picture.getRGB(x, y);
                int alpha = argb >>> 24;
                int r = (argb >> 16) & 0xff;
                int g = (argb >> 8) & 0xff;
                int b = argb & 0xff;
                // Transparent pixels show the page behind, which is light on every screen we test.
                int luminance = alpha < 128 ? 255 : (299 * r + 587 * g + 114 * b) / 1000;
                result.setRGB(x, y, luminance < threshold ? Color.BLACK.getRGB() : Color.WHITE.getRGB());
            }
        }
        return result;
    }

    private static BufferedImage withQuietZone(BufferedImage picture) {
        int margin = (int) Math.ceil(Math.max(picture.getWidth(), picture.getHeight()) * QUIET_ZONE);
        BufferedImage framed = new BufferedImage(picture.getWidth() + 2 * margin, picture.getHeight() + 2 * margin,
                BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = framed.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, framed.getWidth(), framed.getHeight());
        g.drawImage(picture, margin, margin, null);
        g.dispose();
        return framed;
    }
}
