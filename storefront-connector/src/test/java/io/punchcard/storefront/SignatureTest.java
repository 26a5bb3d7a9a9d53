package io.punchcard.storefront;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platforms' published test vectors verify; a body changed by one byte does not. */
class SignatureTest {

    private static final byte[] SHOPIFY_BODY = "foo=anything".getBytes(StandardCharsets.UTF_8);

    @Test
    void shopifysOwnVectorsVerifyWithTheCurrentAndThePreviousSecret() {
        assertEquals("yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI=", Signature.of("secret", SHOPIFY_BODY));
        assertEquals("XqRcjrSv57VACn6apEO9znyu/wkN1VC7QxdSPwK3Hzs=", Signature.of("old_secret", SHOPIFY_BODY));
        List<String> rotating = List.of("secret", "old_secret");
        assertTrue(Signature.valid(rotating, SHOPIFY_BODY, "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI="));
        assertTrue(Signature.valid(rotating, SHOPIFY_BODY, "XqRcjrSv57VACn6apEO9znyu/wkN1VC7QxdSPwK3Hzs="),
                "the previous secret is accepted during a rotation");
        assertFalse(Signature.valid(List.of("secret"), SHOPIFY_BODY, "XqRcjrSv57VACn6apEO9znyu/wkN1VC7QxdSPwK3Hzs="),
                "and not after it");
    }

    @Test
    void wooCommercesVectorVerifiesWithItsEmptyKey() {
        byte[] body = "secret".getBytes(StandardCharsets.UTF_8);
        assertEquals("GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=", Signature.of("", body));
        assertTrue(Signature.valid(List.of(""), body, "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs="));
    }

    @Test
    void oneByteChangedOrAMissingOrGarbledHeaderDoesNotVerify() {
        byte[] changed = "foo=anythinG".getBytes(StandardCharsets.UTF_8);
        List<String> secrets = List.of("secret", "old_secret");
        assertFalse(Signature.valid(secrets, changed, "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI="));
        assertFalse(Signature.valid(secrets, SHOPIFY_BODY, null));
        assertFalse(Signature.valid(secrets, SHOPIFY_BODY, ""));
        assertFalse(Signature.valid(secrets, SHOPIFY_BODY, "not base64 at all!"));
        assertFalse(Signature.valid(secrets, SHOPIFY_BODY, "yCGX/RrK4fcuNtr3ztk5tQ=="), "a prefix of the right one");
    }
}
