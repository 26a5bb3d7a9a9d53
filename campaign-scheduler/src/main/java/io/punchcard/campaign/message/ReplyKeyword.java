package io.punchcard.campaign.message;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a member's SMS reply as an opt-out or opt-in keyword. Carriers and regulators (CTIA in the US, the
 * operators' codes of practice in Europe) act on a reply that is the keyword alone, so this does too: "STOP" and
 * "stop!" are keywords, "Stop sending me stuff please" is a message for a person to read, not an opt-out.
 *
 * <p>The reply is compared after NFKC normalisation (full-width "ＳＴＯＰ" is "STOP"), trimming, collapsing inner
 * blanks, dropping trailing punctuation, upper-casing and dropping accents, so "Arrêt", "ARRET" and "arret." are the
 * same word. The lists hold English, German, French, Spanish, Portuguese, Italian, Dutch and Simplified Chinese.
 */
public final class ReplyKeyword {

    /** What a keyword asks for. */
    public enum Reply {
        /** Send me no more messages on this channel. */
        STOP,
        /** Send me messages again. */
        START
    }

    /**
     * Longer than any keyword with blanks and punctuation around it; a longer reply is a sentence, and this bound
     * keeps a hostile reply from costing a normalisation of megabytes.
     */
    public static final int MAX_REPLY_CHARS = 64;

    private static final Set<String> STOP_WORDS = Set.of(
            // English; "STOP ALL" is the spaced STOPALL many handsets' autocorrect produces.
            "STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT OUT", "OPT-OUT",
            // German
            "STOPP", "ABMELDEN", "ABBESTELLEN",
            // French (accents are dropped before comparing, so ARRET is also ARRÊT and DESABONNER is DÉSABONNER)
            "ARRET", "DESABONNER", "DESINSCRIRE",
            // Spanish
            "BAJA", "PARAR", "ALTO", "CANCELAR",
            // Portuguese (PARAR and CANCELAR as in Spanish)
            "SAIR",
            // Italian
            "CANCELLA", "DISISCRIVI",
            // Dutch
            "AFMELDEN", "STOPPEN",
            // Simplified Chinese: 退订 ("unsubscribe") and its pinyin initials TD, which Chinese senders print
            "退订", "TD", "取消订阅");

    private static final Set<String> START_WORDS = Set.of(
            // English
            "START", "UNSTOP", "YES", "SUBSCRIBE",
            // German
            "ANMELDEN",
            // French
            "COMMENCER", "ABONNER",
            // Spanish ("ALTA" is the opposite of "BAJA")
            "ALTA", "INICIAR",
            // Portuguese (INICIAR as in Spanish)
            "VOLTAR",
            // Italian
            "INIZIA", "ISCRIVI",
            // Dutch (START as in English)
            "AANMELDEN",
            // Simplified Chinese: 订阅 ("subscribe")
            "订阅");

    private static final Pattern BLANKS = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{P}\\s]+$",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /** Built after the patterns above, which folding the lists needs. */
    private static final Map<String, Reply> KEYWORDS = keywords();

    private ReplyKeyword() {
    }

    /** The keyword the whole of {@code text} is, or empty when it is none (or is null). */
    public static Optional<Reply> read(String text) {
        if (text == null || text.length() > MAX_REPLY_CHARS) {
            return Optional.empty();
        }
        return Optional.ofNullable(KEYWORDS.get(fold(text)));
    }

    /** The comparable form of a reply or a keyword; the lists are folded the same way, so they may be written plainly. */
    static String fold(String text) {
        String compatible = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        String word = TRAILING_PUNCTUATION.matcher(compatible).replaceFirst("");
        word = BLANKS.matcher(word).replaceAll(" ").toUpperCase(Locale.ROOT);
        // Decompose to drop the accents, then compose again so no other character changes shape.
        String unaccented = MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD)).replaceAll("");
        return Normalizer.normalize(unaccented, Normalizer.Form.NFC);
    }

    private static Map<String, Reply> keywords() {
        // toMap throws on a duplicate key, so a word typed into both lists fails at class load, not at a member.
        return Stream.concat(
                        STOP_WORDS.stream().map(word -> Map.entry(fold(word), Reply.STOP)),
                        START_WORDS.stream().map(word -> Map.entry(fold(word), Reply.START)))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
