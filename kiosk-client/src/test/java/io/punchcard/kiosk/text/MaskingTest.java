package io.punchcard.kiosk.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What passers-by can read of a shopper's contact details on the screen. */
class MaskingTest {

    @Test
    void aPhoneNumberShowsItsCountryAndLastTwoDigits() {
        assertEquals("+49 ••• 78", Masking.phone("+4915112345678"));
        assertEquals("••• 78", Masking.phone("0151 12345678"));
        assertEquals("•••", Masking.phone("123"));
        assertNull(Masking.phone(null));
    }

    @Test
    void anEmailAddressShowsItsFirstLetterAndDomain() {
        assertEquals("a•••@example.com", Masking.email("ana.silva@example.com"));
        assertEquals("张•••@example.cn", Masking.email("张伟@example.cn"));
        assertEquals("•••", Masking.email("@example.com"));
        assertNull(Masking.email(null));
    }
}
