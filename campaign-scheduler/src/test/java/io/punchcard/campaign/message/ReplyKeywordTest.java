package io.punchcard.campaign.message;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.punchcard.campaign.message.ReplyKeyword.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReplyKeywordTest {

    @Test
    void englishStopWordsAreStop() {
        assertAll(Reply.STOP, "STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT");
    }

    @Test
    void englishStartWordsAreStart() {
        assertAll(Reply.START, "START", "UNSTOP", "YES", "SUBSCRIBE");
    }

    @Test
    void translatedStopWordsAreStop() {
        assertAll(Reply.STOP,
                "STOPP", "ABMELDEN",                // German
                "ARRET", "ARRÊT", "DESABONNER", "Désabonner", // French
                "BAJA", "PARAR", "ALTO",            // Spanish
                "SAIR",                             // Portuguese (and PARAR)
                "CANCELLA",                         // Italian
                "退订", "TD", "td");                // Simplified Chinese
    }

    @Test
    void translatedStartWordsAreStart() {
        assertAll(Reply.START,
                "ANMELDEN",      // German
                "COMMENCER",     // French
                "ALTA",          // Spanish
                "INICIAR",       // Spanish, Portuguese
                "INIZIA",        // Italian
                "AANMELDEN",     // Dutch (and START)
                "订阅");         // Simplified Chinese
    }

    @Test
    void caseBlanksTrailingPunctuationAndFullWidthLettersDoNotMatter() {
        assertAll(Reply.STOP, "stop", " Stop ", "STOP.", "stop!", "Stop!!!", "stop ?", "\tSTOP\n", "ＳＴＯＰ", "stop   all",
                "Stop all.", "退订。", "arrêt !", "STOP\u00A0ALL");
        assertAll(Reply.START, "start", "Yes!", "ＹＥＳ");
    }

    @Test
    void aSentenceIsNotAKeywordEvenWhenItStartsWithOne() {
        assertAll(null, "Stop sending me stuff please", "STOP IT", "please stop", "stopping", "yes please", "start?!x",
                "", "   ", "!", ".STOP", "S T O P", "STOP\u200BX");
        assertEquals(Optional.empty(), ReplyKeyword.read(null));
    }

    @Test
    void aVeryLongReplyIsNoKeywordAndCostsNoNormalisation() {
        assertEquals(Optional.empty(), ReplyKeyword.read("STOP" + " ".repeat(ReplyKeyword.MAX_REPLY_CHARS)));
        assertEquals(Optional.empty(), ReplyKeyword.read("x".repeat(1_000_000)));
    }

    private static void assertAll(Reply expected, String... replies) {
        for (String reply : List.of(replies)) {
            assertEquals(Optional.ofNullable(expected), ReplyKeyword.read(reply), "'" + reply + "'");
        }
    }
}
