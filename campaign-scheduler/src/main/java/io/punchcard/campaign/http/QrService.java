package io.punchcard.campaign.http;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.platform.http.RequestParameters;

/**
 * {@code GET /scheduler/v1/qr/{code}.png}: a voucher code drawn as a QR code, the image a message links to (mail
 * clients load images by URL, without a key). It draws only what the link says, so it reveals nothing the link
 * does not already hold.
 */
final class QrService implements HttpService {

    /** Voucher codes are short; a bound so the image stays small and a link cannot ask for a huge one. */
    private static final int MAX_CODE_CHARS = 64;
    private static final int PIXELS = 240;

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{file}", this::qr);
    }

    private void qr(ServerRequest req, ServerResponse res) {
        String file = RequestParameters.path(req, "file");
        if (!file.endsWith(".png") || file.length() <= 4) {
            throw Invalid.field("file", "must be a voucher code followed by .png");
        }
        String code = file.substring(0, file.length() - 4);
        if (code.length() > MAX_CODE_CHARS || !code.chars().allMatch(c -> c > 32 && c < 127)) {
            throw Invalid.field("file", "the voucher code must be 1-" + MAX_CODE_CHARS + " printable ASCII characters");
        }
        res.header(HeaderNames.CONTENT_TYPE, "image/png");
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=86400");
        res.send(png(code));
    }

    static byte[] png(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, PIXELS, PIXELS,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot draw " + text + " as a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
