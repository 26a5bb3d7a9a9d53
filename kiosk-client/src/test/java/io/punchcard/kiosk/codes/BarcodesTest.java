package io.punchcard.kiosk.codes;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.oned.Code128Reader;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SVG codes read back as a scanner would: the SVG's own shapes are drawn into pixels, and ZXing's readers decode
 * them to the text that was encoded.
 */
class BarcodesTest {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");
    private static final Pattern BAR = Pattern.compile("<rect x=\"(\\d+)\" y=\"0\" width=\"(\\d+)\" height=\"(\\d+)\"/>");
    private static final int SCALE = 4;

    @Test
    void theQrCodeOfAVoucherDecodesToItsCode() throws Exception {
        String svg = Barcodes.qrSvg("ABCD-EFGH-JKLM-7", "voucher");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        int[] size = viewBox(svg);
        int[] pixels = white(size[0] * SCALE, size[1] * SCALE);
        Matcher module = MODULE.matcher(svg);
        while (module.find()) {
            fill(pixels, size[0] * SCALE, Integer.parseInt(module.group(1)) * SCALE,
                    Integer.parseInt(module.group(2)) * SCALE, SCALE, SCALE);
        }
        Result result = new QRCodeReader().decode(bitmap(pixels, size[0] * SCALE, size[1] * SCALE),
                Map.of(DecodeHintType.PURE_BARCODE, true));
        assertEquals("ABCD-EFGH-JKLM-7", result.getText());
    }

    @Test
    void theQrSvgHasExactlyZxingsModules() {
        String text = "9552454170960365";
        BitMatrix matrix = Barcodes.encode(text, BarcodeFormat.QR_CODE);
        String svg = Barcodes.qrSvg(text, "card");
        int dark = 0;
        Matcher module = MODULE.matcher(svg);
        while (module.find()) {
            assertTrue(matrix.get(Integer.parseInt(module.group(1)), Integer.parseInt(module.group(2))));
            dark++;
        }
        int expected = 0;
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                expected += matrix.get(x, y) ? 1 : 0;
            }
        }
        assertEquals(expected, dark);
    }

    @Test
    void theCode128OfAVoucherDecodesToItsCode() throws Exception {
        String svg = Barcodes.code128Svg("ABCD-EFGH-JKLM-7", "voucher");
        int[] size = viewBox(svg);
        int width = size[0] * 2;
        int height = size[1];
        int[] pixels = white(width, height);
        Matcher bar = BAR.matcher(svg);
        while (bar.find()) {
            fill(pixels, width, Integer.parseInt(bar.group(1)) * 2, 0, Integer.parseInt(bar.group(2)) * 2, height);
        }
        Result result = new Code128Reader().decode(bitmap(pixels, width, height), Map.of());
        assertEquals("ABCD-EFGH-JKLM-7", result.getText());
        assertEquals(BarcodeFormat.CODE_128, result.getBarcodeFormat());
    }

    @Test
    void theLabelIsEscapedAndNothingLongIsDrawn() {
        assertTrue(Barcodes.qrSvg("X", "<b>\"x\"</b>").contains("aria-label=\"&lt;b&gt;&quot;x&quot;&lt;/b&gt;\""));
        assertThrows(IllegalArgumentException.class, () -> Barcodes.qrSvg("x".repeat(201), "too long"));
        assertThrows(IllegalArgumentException.class, () -> Barcodes.code128Svg("", "empty"));
    }

    private static int[] viewBox(String svg) {
        Matcher box = VIEW_BOX.matcher(svg);
        assertTrue(box.find(), svg);
        return new int[] {Integer.parseInt(box.group(1)), Integer.parseInt(box.group(2))};
    }

    private static int[] white(int width, int height) {
        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        return pixels;
    }

    private static void fill(int[] pixels, int stride, int x, int y, int width, int height) {
        for (int row = y; row < y + height; row++) {
            for (int column = x; column < x + width; column++) {
                pixels[row * stride + column] = 0;
            }
        }
    }

    private static BinaryBitmap bitmap(int[] pixels, int width, int height) {
        return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
    }
}
