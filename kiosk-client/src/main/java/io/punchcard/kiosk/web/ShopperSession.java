package io.punchcard.kiosk.web;

import java.time.Instant;
import java.util.UUID;

import io.punchcard.kiosk.text.Language;

/**
 * What the kiosk server remembers of the shopper at one screen, kept in memory and named by a random id in the
 * session cookie: their language, the core's session token and member once they proved who they are, and the
 * steps of sign-in by phone. Nothing of it is in the browser, and all of it goes at sign-out.
 */
public final class ShopperSession {

    private final String id;
    private Language language;
    private Instant lastSeen;
    private String coreToken;
    private UUID memberId;
    private String codeId;
    private String codePhone;
    private String provenPhone;
    private String newCard;
    private String notice;

    ShopperSession(String id, Language language, Instant now) {
        this.id = id;
        this.language = language;
        this.lastSeen = now;
    }

    public String id() {
        return id;
    }

    public synchronized Language language() {
        return language;
    }

    public synchronized void language(Language chosen) {
        language = chosen;
    }

    synchronized Instant lastSeen() {
        return lastSeen;
    }

    synchronized void seen(Instant now) {
        lastSeen = now;
    }

    /** Whether the shopper proved who they are: the kiosk may act for their member. */
    public synchronized boolean signedIn() {
        return coreToken != null;
    }

    public synchronized String coreToken() {
        return coreToken;
    }

    public synchronized UUID memberId() {
        return memberId;
    }

    public synchronized void signIn(String token, UUID member) {
        coreToken = token;
        memberId = member;
        codeId = null;
        codePhone = null;
    }

    /** A one-time code was sent to {@code phone}; {@code id} checks it. */
    public synchronized void codeSent(String id, String phone) {
        codeId = id;
        codePhone = phone;
    }

    public synchronized String codeId() {
        return codeId;
    }

    public synchronized String codePhone() {
        return codePhone;
    }

    /** The shopper proved {@code phone} theirs, and no member has it: sign-up starts with it. */
    public synchronized void phoneProven(String phone) {
        provenPhone = phone;
        codeId = null;
        codePhone = null;
    }

    public synchronized String provenPhone() {
        return provenPhone;
    }

    /** The card number of a member who just signed up, for the card screen. */
    public synchronized void newCard(String card) {
        newCard = card;
    }

    public synchronized String newCard() {
        return newCard;
    }

    /** A sentence for the next page to show once ("Your voucher is ready"). */
    public synchronized void notice(String text) {
        notice = text;
    }

    /** The sentence {@link #notice(String)} left, taken so it shows once; null when none. */
    public synchronized String takeNotice() {
        String text = notice;
        notice = null;
        return text;
    }
}
