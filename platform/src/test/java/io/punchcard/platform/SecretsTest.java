package io.punchcard.platform;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretsTest {

    @Test
    void hidesThePasswordOfTheUserPart() {
        assertEquals("redis://app:***@cache:6379/0", Secrets.redact("redis://app:s3cret@cache:6379/0"));
    }

    @Test
    void hidesAPasswordParameter() {
        assertEquals("jdbc:postgresql://db/punchcard?user=shop&password=***&ssl=true",
                Secrets.redact("jdbc:postgresql://db/punchcard?user=shop&password=hunter2&ssl=true"));
    }

    @Test
    void leavesAUrlWithoutSecretsAlone() {
        assertEquals("redis://cache:6379", Secrets.redact("redis://cache:6379"));
    }
}
