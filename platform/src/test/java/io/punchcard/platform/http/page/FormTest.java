package io.punchcard.platform.http.page;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Our pages' forms as browsers send them, and what no browser sends. */
class FormTest {

    @Test
    void aBrowsersFormIsRead() {
        Form form = Form.parse("givenName=Ana+Mar%C3%ADa&email=&_csrf=abc");
        assertEquals("Ana María", form.get("givenName"));
        assertEquals("", form.get("email"));
        assertEquals(null, form.optional("email"));
        assertEquals("", form.get("absent"));
    }

    @Test
    void garbageIsRefusedAsABadForm() {
        for (String body : new String[] {"a=%zz", "a=%C3", "a=%ED%A0%80", "a=%00", "a=1&a=2", "a=ä",
                "a=" + "x".repeat(Form.MAX_FIELD_CHARS + 1), "&".repeat(30)}) {
            Form.Refused refused = assertThrows(Form.Refused.class, () -> Form.parse(body), body);
            assertEquals(400, refused.status(), body);
        }
    }
}
