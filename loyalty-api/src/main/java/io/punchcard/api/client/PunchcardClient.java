package io.punchcard.api.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.punchcard.api.Json;
import io.punchcard.api.Problem;
import io.punchcard.api.v1.Kpis;
import io.punchcard.api.v1.KpisRebuilt;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.AdjustmentBatch;
import io.punchcard.api.v1.AdjustmentBatchResult;
import io.punchcard.api.v1.KeyAccess;
import io.punchcard.api.v1.KioskSession;
import io.punchcard.api.v1.OpenKioskSession;
import io.punchcard.api.v1.AuditPage;
import io.punchcard.api.v1.OpenStaffSession;
import io.punchcard.api.v1.ProgramVersion;
import io.punchcard.api.v1.ProgramVersions;
import io.punchcard.api.v1.StaffSession;
import io.punchcard.api.v1.NewStaff;
import io.punchcard.api.v1.StaffAccount;
import io.punchcard.api.v1.StaffChange;
import io.punchcard.api.v1.StaffDetails;
import io.punchcard.api.v1.LookUpCards;
import io.punchcard.api.v1.MemberCards;
import io.punchcard.api.v1.MemberPage;
import io.punchcard.api.v1.PurchasePage;
import io.punchcard.api.v1.SettleHold;
import io.punchcard.api.v1.TenderCancelled;
import io.punchcard.api.v1.ValidateVoucher;
import io.punchcard.api.v1.VoucherValidation;
import io.punchcard.api.v1.BuyReward;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.EraseMember;
import io.punchcard.api.v1.LedgerEntry;
import io.punchcard.api.v1.SuspectedDuplicate;
import io.punchcard.api.v1.TimelineEntry;
import io.punchcard.api.v1.EventPage;
import io.punchcard.api.v1.HoldVoucher;
import io.punchcard.api.v1.IssueVoucher;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.MergeMembers;
import io.punchcard.api.v1.PointsAdjusted;
import io.punchcard.api.v1.PointsRedeemed;
import io.punchcard.api.v1.PurchaseBatch;
import io.punchcard.api.v1.PurchaseBatchResult;
import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.v1.Quote;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.RedeemPoints;
import io.punchcard.api.v1.RefundRecorded;
import io.punchcard.api.v1.Resolution;
import io.punchcard.api.v1.ResolveCustomer;
import io.punchcard.api.v1.RewardBought;
import io.punchcard.api.v1.UpdateMember;
import io.punchcard.api.v1.UnlinkCustomer;
import io.punchcard.api.v1.Unlinked;
import io.punchcard.api.v1.VoucherBatch;
import io.punchcard.api.v1.VoucherBatchResult;
import io.punchcard.api.v1.VoucherHeld;
import io.punchcard.api.v1.VoucherView;

/**
 * A Java client of the core's {@code /api/v1}, for the connectors, the scheduler and tests.
 *
 * <p>Every call has a timeout. A call that fails in a way a retry can mend — no connection, a timeout, 429,
 * 502, 503, 504 — is retried up to {@link Settings#attempts} times with exponential back-off and jitter,
 * with the same body: the body carries the caller's id of the write (sale id, refund id, redemption id), and
 * the core answers a repeat with the original result, so a retry never takes effect twice. The id is also
 * sent as the {@code Idempotency-Key} header, for proxies and logs. A write without such an id (an enrolment,
 * a merge, a voucher issued without an issue id) is retried only when the core cannot have acted on it.
 */
public final class PunchcardClient {

    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
    /** Answers that say the core did not act on the request. */
    private static final Set<Integer> NOT_ACTED_ON = Set.of(429, 503);

    /**
     * @param baseUri        e.g. {@code http://localhost:8080}
     * @param apiKey         the key, {@code pk_…}
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for an answer
     * @param attempts       tries per call, at least 1
     * @param backoff        the first wait between tries; it doubles each time, with up to 50% jitter
     */
    public record Settings(URI baseUri, String apiKey, Duration connectTimeout, Duration requestTimeout, int attempts,
                           Duration backoff) {

        public Settings {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        /** Two-second connect, five-second answer, three tries starting 200 ms apart. */
        public static Settings of(URI baseUri, String apiKey) {
            return new Settings(baseUri, apiKey, Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(200));
        }
    }

    private final Settings settings;
    private final HttpClient http;
    /** The kiosk session every call of this client is made in, or null. */
    private final String kioskSession;
    /** The staff session every call of this client is made in, or null. */
    private final String staffSession;

    public PunchcardClient(Settings settings) {
        this(settings, HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build(), null, null);
    }

    private PunchcardClient(Settings settings, HttpClient http, String kioskSession, String staffSession) {
        this.settings = settings;
        this.http = http;
        this.kioskSession = kioskSession;
        this.staffSession = staffSession;
    }

    /**
     * Logs a member of staff in (a CONSOLE or ADMIN key): a wrong e-mail or password is a {@link PunchcardException}
     * of status 401 ({@code bad-credentials}), a locked account one of 429 ({@code staff-locked}). Not retried once
     * sent: each try with a wrong password counts towards the account's lock.
     */
    public StaffSession openStaffSession(String email, String password) {
        return send("POST", "/api/v1/staff/sessions", new OpenStaffSession(email, password), Retry.UNSENT_ONLY, null,
                StaffSession.class);
    }

    /**
     * This client acting in the staff session {@code token}: its calls carry {@link StaffSession#HEADER}, so the
     * core lets them do what the logged-in person's role allows. Shares this client's connections.
     */
    public PunchcardClient inStaffSession(String token) {
        return new PunchcardClient(settings, http, null, token);
    }

    /** Ends the staff session this client acts in (see {@link #inStaffSession}); ending it twice is no error. */
    public void endStaffSession() {
        if (staffSession == null) {
            throw new IllegalStateException("not a staff session's client: use inStaffSession(token)");
        }
        send("DELETE", "/api/v1/staff/sessions/current", null, Retry.ANY, null, Void.class);
    }

    /** The account of the member of staff whose session this client acts in (see {@link #inStaffSession}). */
    public StaffAccount me() {
        return send("GET", "/api/v1/staff/me", null, Retry.ANY, null, StaffAccount.class);
    }

    /**
     * Changes the password of the member of staff whose session this client acts in; a wrong {@code current} or a
     * weak {@code next} is a {@link PunchcardException} of status 400 naming the field.
     */
    public StaffAccount changeOwnPassword(String current, String next) {
        return send("POST", "/api/v1/staff/me/password", new PasswordChange(current, next), Retry.UNSENT_ONLY, null,
                StaffAccount.class);
    }

    /** Every staff account (admins). */
    public List<StaffDetails> staff() {
        return List.of(send("GET", "/api/v1/staff", null, Retry.ANY, null, StaffDetails[].class));
    }

    /** Creates a staff account (admins); not retried once sent, as a second try would find its e-mail taken. */
    public StaffDetails createStaff(NewStaff staff) {
        return send("POST", "/api/v1/staff", staff, Retry.UNSENT_ONLY, null, StaffDetails.class);
    }

    /** Changes a staff account's name, role, stores or whether it is disabled (admins). */
    public StaffDetails changeStaff(UUID id, StaffChange change) {
        return send("PATCH", "/api/v1/staff/" + id, change, Retry.ANY, null, StaffDetails.class);
    }

    /**
     * Sets a staff account's password (admins): its holder must change it at their next login, their sessions end
     * and a lock lifts.
     */
    public StaffDetails resetStaffPassword(UUID id, String password) {
        return send("POST", "/api/v1/staff/" + id + "/password", new PasswordReset(password), Retry.ANY, null,
                StaffDetails.class);
    }

    /** {@code POST /api/v1/staff/me/password}'s body. */
    private record PasswordChange(String current, @com.fasterxml.jackson.annotation.JsonProperty("new") String next) {
        @Override
        public String toString() {
            return "PasswordChange[…]";
        }
    }

    /** {@code POST /api/v1/staff/{id}/password}'s body. */
    private record PasswordReset(String password) {
        @Override
        public String toString() {
            return "PasswordReset[…]";
        }
    }

    /**
     * Opens a kiosk session for the member the shopper proved to be (see {@link OpenKioskSession}). Not retried
     * once sent: a second session after a lost answer would only wait to expire, but the shopper can scan again.
     */
    public KioskSession openKioskSession(OpenKioskSession open) {
        return send("POST", "/api/v1/kiosk/sessions", open, Retry.UNSENT_ONLY, null, KioskSession.class);
    }

    /**
     * This client acting in the kiosk session {@code token}: its calls carry {@link KioskSession#HEADER}, so that
     * a KIOSK key may read and act for the session's member. Shares this client's connections.
     */
    public PunchcardClient inKioskSession(String token) {
        return new PunchcardClient(settings, http, token, null);
    }

    /** Ends the kiosk session this client acts in (see {@link #inKioskSession}); ending it twice is no error. */
    public void endKioskSession() {
        if (kioskSession == null) {
            throw new IllegalStateException("not a kiosk session's client: use inKioskSession(token)");
        }
        send("DELETE", "/api/v1/kiosk/sessions/current", null, Retry.ANY, null, Void.class);
    }

    /**
     * Enrols a member. Not retried once the request may have reached the core: a second enrolment after a lost
     * answer would be a second member (or a 409 for the first one's identifiers). On a timeout, look the member
     * up by an identifier before enrolling again.
     */
    public MemberView enroll(EnrollMember member) {
        return send("POST", "/api/v1/members", member, Retry.UNSENT_ONLY, null, MemberView.class);
    }

    /** What this client's key is and may do. */
    public KeyAccess access() {
        return send("GET", "/api/v1/access", null, Retry.ANY, null, KeyAccess.class);
    }

    /**
     * What the key {@code token} is and may do, asked with that key: how another service authenticates its own
     * callers against the core's keys. A key the core does not know is a {@link PunchcardException} with 401.
     */
    public KeyAccess accessOf(String token) {
        return send("GET", "/api/v1/access", null, Retry.ANY, null, KeyAccess.class, token);
    }

    /**
     * What the key {@code token} may do in the staff session {@code staffSession}: the answer names the member of
     * staff ({@link KeyAccess#staff}), whose role decides. An unknown or ended session is a {@link
     * PunchcardException} with 401 ({@code staff-session-required}, {@code staff-session-expired}); an account that
     * must change its password first, one with 403 ({@code password-change-required}).
     */
    public KeyAccess accessOf(String token, String staffSession) {
        return inStaffSession(staffSession).accessOf(token);
    }

    /**
     * The member holding one identifier: {@code field} is card, phone, email, qr or externalId. None is a {@link
     * PunchcardException} with 404; a value that cannot be one (a phone number of letters), 400 naming the field.
     */
    public MemberView memberBy(String field, String value) {
        return send("GET", "/api/v1/members?" + encode(field) + "=" + encode(value), null, Retry.ANY, null,
                MemberView.class);
    }

    public MemberView member(UUID id) {
        return send("GET", "/api/v1/members/" + id, null, Retry.ANY, null, MemberView.class);
    }

    /** Changes a member's profile; setting the same values again changes nothing, so it is retried. */
    public MemberView updateMember(UUID id, UpdateMember changes) {
        return send("PATCH", "/api/v1/members/" + id, changes, Retry.ANY, null, MemberView.class);
    }

    /** The card shown at the till after scanning a loyalty card. */
    public MemberSummary summaryByCard(String card) {
        return send("GET", "/api/v1/members/summary?card=" + encode(card), null, Retry.ANY, null, MemberSummary.class);
    }

    /** The member card of whoever holds this identifier: {@code field} is card, phone, email, qr or externalId. */
    public MemberSummary summaryBy(String field, String value) {
        return send("GET", "/api/v1/members/summary?" + encode(field) + "=" + encode(value), null, Retry.ANY, null,
                MemberSummary.class);
    }

    public MemberSummary summary(UUID memberId) {
        return send("GET", "/api/v1/members/" + memberId + "/summary", null, Retry.ANY, null, MemberSummary.class);
    }

    /**
     * The members with {@code ids} (at most {@link LookUpCards#MAX_IDS}) and their cards, in one call: how a
     * service that acts on many members at once (the campaign scheduler sending a batch) reads them. A read, so
     * it is retried.
     */
    public MemberCards memberCards(java.util.Collection<UUID> ids) {
        return send("POST", "/api/v1/members/cards", new LookUpCards(List.copyOf(ids)), Retry.ANY, null,
                MemberCards.class);
    }

    /**
     * Removes a channel's link to its customer, erasing the member when it was their only tie to the chain. A
     * repeat finds no link and changes nothing, so it is retried.
     */
    public Unlinked unlink(UnlinkCustomer customer) {
        return send("POST", "/api/v1/members/unlink", customer, Retry.ANY, null, Unlinked.class);
    }

    /** The member's vouchers that can still be used. */
    public List<VoucherView> memberVouchers(UUID memberId) {
        return List.of(send("GET", "/api/v1/members/" + memberId + "/vouchers", null, Retry.ANY, null,
                VoucherView[].class));
    }

    /** Everything kept about a member (the GDPR export), as the core writes it. */
    public com.fasterxml.jackson.databind.JsonNode export(UUID memberId) {
        return send("GET", "/api/v1/members/" + memberId + "/export", null, Retry.ANY, null,
                com.fasterxml.jackson.databind.JsonNode.class);
    }

    /**
     * The program's saved versions, newest first: those before version {@code before} (null for the newest; a page's
     * {@code next} for the page after it), at most {@code limit}.
     */
    public ProgramVersions programVersions(Integer before, int limit) {
        return send("GET", "/api/v1/program/versions?limit=" + limit + (before == null ? "" : "&before=" + before),
                null, Retry.ANY, null, ProgramVersions.class);
    }

    /** Version {@code version} of the program and what it changed against the version before. */
    public ProgramVersion programVersion(int version) {
        return send("GET", "/api/v1/program/versions/" + version, null, Retry.ANY, null, ProgramVersion.class);
    }

    /** A page of the audit (an ADMIN's, or an ADMIN staff session's), filtered by {@code filter}. */
    public AuditPage audit(AuditPage.Filter filter) {
        StringBuilder query = new StringBuilder();
        java.util.function.BiConsumer<String, Object> add = (name, value) -> {
            if (value != null) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(encode(value.toString()));
            }
        };
        add.accept("actor", filter.actor());
        add.accept("action", filter.action());
        add.accept("target", filter.target());
        add.accept("from", filter.from());
        add.accept("to", filter.to());
        add.accept("after", filter.after());
        add.accept("limit", filter.limit());
        return send("GET", "/api/v1/staff/audit" + query, null, Retry.ANY, null, AuditPage.class);
    }

    /** The program in force, with its version. */
    public com.fasterxml.jackson.databind.JsonNode program() {
        return send("GET", "/api/v1/program", null, Retry.ANY, null, com.fasterxml.jackson.databind.JsonNode.class);
    }

    /**
     * The program in force, unless its ETag is still {@code knownEtag} (then empty: a 304, nothing sent); tried once,
     * for callers that ask again on their own schedule.
     */
    public java.util.Optional<ProgramRead> program(String knownEtag) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.baseUri().resolve("/api/v1/program"))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.apiKey())
                .header("Accept", "application/json").GET();
        if (knownEtag != null) {
            request.header("If-None-Match", knownEtag);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 304) {
                return java.util.Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new PunchcardException(problem(response));
            }
            return java.util.Optional.of(new ProgramRead(response.headers().firstValue("ETag").orElse(null),
                    Json.mapper().readTree(response.body())));
        } catch (IOException e) {
            throw new PunchcardException("The core at " + settings.baseUri() + " did not answer GET /api/v1/program: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PunchcardException("Interrupted while calling the core", e);
        }
    }

    /**
     * Puts the earning rule {@code code} in the program (replacing one of that code, else after the others);
     * the same rule put twice is one change.
     *
     * @param rule the rule as the program API reads it ({@code kind}, {@code match}, ...)
     */
    public com.fasterxml.jackson.databind.JsonNode putEarningRule(String code, Object rule) {
        return send("PUT", "/api/v1/program/earning/rules/" + encode(code), rule, Retry.ANY, null,
                com.fasterxml.jackson.databind.JsonNode.class);
    }

    /**
     * Puts one part of the program through its section route ({@code stores/9}, {@code templates/FIVE-OFF},
     * {@code rewards/FIVE-OFF-500}, {@code earning/rules/weekday}, {@code tiers}, {@code earning}); a 400's fields
     * are relative to {@code part}. The answer is the new version, {@code {"version": n, "program": {...}}}.
     */
    public com.fasterxml.jackson.databind.JsonNode putProgramPart(String section, String code, Object part) {
        return send("PUT", "/api/v1/program/" + section + (code == null ? "" : "/" + encode(code)), part, Retry.ANY,
                null, com.fasterxml.jackson.databind.JsonNode.class);
    }

    /** Takes the earning rule {@code code} out of the program; false when it was not there. */
    public boolean deleteEarningRule(String code) {
        try {
            send("DELETE", "/api/v1/program/earning/rules/" + encode(code), null, Retry.ANY, null,
                    com.fasterxml.jackson.databind.JsonNode.class);
            return true;
        } catch (PunchcardException e) {
            if (e.problem() != null && e.problem().status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The program as the core answered it.
     *
     * @param etag      its version as an ETag ({@code "7"}), to ask with next time
     * @param versioned {@code {"version": 7, "program": {...}}}
     */
    public record ProgramRead(String etag, com.fasterxml.jackson.databind.JsonNode versioned) {
    }

    /** Finds the member a customer of another channel is, linking or enrolling; keyed by its external id. */
    public Resolution resolve(ResolveCustomer customer) {
        return send("POST", "/api/v1/members/resolve", customer, Retry.ANY, customer.externalId(), Resolution.class);
    }

    /** Merges {@code merge.duplicateId()} into {@code survivor}. A repeat after success is refused, so not retried. */
    public MemberView merge(UUID survivor, MergeMembers merge) {
        return send("POST", "/api/v1/members/" + survivor + "/merge", merge, Retry.UNSENT_ONLY, null, MemberView.class);
    }

    public PurchaseRecorded recordPurchase(RecordPurchase purchase) {
        return send("POST", "/api/v1/purchases", purchase, Retry.ANY,
                purchase.source().key() + "/" + purchase.externalId(), PurchaseRecorded.class);
    }

    /** Records up to 500 purchases; each is idempotent on its own source and id, so the batch is retried whole. */
    public PurchaseBatchResult recordPurchases(List<RecordPurchase> purchases) {
        return send("POST", "/api/v1/purchases/batch", new PurchaseBatch(purchases), Retry.ANY, null,
                PurchaseBatchResult.class);
    }

    public RefundRecorded recordRefund(RecordRefund refund) {
        return send("POST", "/api/v1/refunds", refund, Retry.ANY, refund.source().key() + "/" + refund.externalId(),
                RefundRecorded.class);
    }

    /** Prices a basket; it changes nothing, so it is retried. */
    public Quote quote(QuoteRequest basket) {
        return send("POST", "/api/v1/checkout/quote", basket, Retry.ANY, null, Quote.class);
    }

    /** Spends points as a tender, once per redemption id. */
    public PointsRedeemed redeem(UUID memberId, RedeemPoints redemption) {
        return send("POST", "/api/v1/members/" + memberId + "/redemptions", redemption, Retry.ANY,
                redemption.redemptionId(), PointsRedeemed.class);
    }

    /** Gives back a points tender whose sale was voided; asking again changes nothing. */
    public TenderCancelled cancelTender(UUID memberId, String redemptionId) {
        return send("POST", "/api/v1/members/" + memberId + "/redemptions/" + encode(redemptionId) + "/cancel", Map.of(),
                Retry.ANY, null, TenderCancelled.class);
    }

    /** The voucher with this code (any case, with or without dashes). */
    public VoucherView voucher(String code) {
        return send("GET", "/api/v1/vouchers/" + encode(code), null, Retry.ANY, null, VoucherView.class);
    }

    /** Whether a voucher can be used on a basket, and what it would take off; it changes nothing. */
    public VoucherValidation validateVoucher(String code, ValidateVoucher basket) {
        return send("POST", "/api/v1/vouchers/" + encode(code) + "/validate", basket, Retry.ANY, null,
                VoucherValidation.class);
    }

    /** Adds or takes points by hand, once per adjustment id. */
    public PointsAdjusted adjust(UUID memberId, AdjustPoints adjustment) {
        return send("POST", "/api/v1/members/" + memberId + "/adjustments", adjustment, Retry.ANY,
                adjustment.adjustmentId(), PointsAdjusted.class);
    }

    /**
     * Adds or takes points of up to {@link AdjustmentBatch#MAX_ITEMS} members in one call, each once per member and
     * adjustment id (the ids are shared with {@link #adjust}); every adjustment is idempotent on its own, so the
     * batch is retried whole. A refused adjustment is a problem in its own result, never an exception.
     */
    public AdjustmentBatchResult adjustPoints(List<AdjustmentBatch.Adjustment> adjustments) {
        return send("POST", "/api/v1/adjustments/batch", new AdjustmentBatch(adjustments), Retry.ANY, null,
                AdjustmentBatchResult.class);
    }

    /** Buys a reward with points, once per redemption id. */
    public RewardBought buyReward(UUID memberId, BuyReward reward) {
        return send("POST", "/api/v1/members/" + memberId + "/rewards", reward, Retry.ANY, reward.redemptionId(),
                RewardBought.class);
    }

    /** Issues a voucher; retried only when it carries an issue id, which makes a repeat give the same voucher. */
    public VoucherView issueVoucher(IssueVoucher voucher) {
        return send("POST", "/api/v1/vouchers", voucher, voucher.issueId() == null ? Retry.UNSENT_ONLY : Retry.ANY,
                voucher.issueId(), VoucherView.class);
    }

    /**
     * Issues up to {@link VoucherBatch#MAX_ITEMS} vouchers in one call, each once per issue id (shared with
     * {@link #issueVoucher}); the batch is retried whole. A refused voucher is a problem in its own result.
     */
    public VoucherBatchResult issueVouchers(List<VoucherBatch.Issue> vouchers) {
        return send("POST", "/api/v1/vouchers/batch", new VoucherBatch(vouchers), Retry.ANY, null,
                VoucherBatchResult.class);
    }

    /** Holds a voucher for a sale; holding it again for the same sale answers the same hold. */
    public VoucherHeld holdVoucher(String code, HoldVoucher hold) {
        return send("POST", "/api/v1/vouchers/" + encode(code) + "/holds", hold, Retry.ANY, code + "/" + hold.saleRef(),
                VoucherHeld.class);
    }

    public VoucherView commitVoucher(String code, String saleRef) {
        return send("POST", "/api/v1/vouchers/" + encode(code) + "/commit", new SettleHold(saleRef),
                Retry.ANY, code + "/" + saleRef, VoucherView.class);
    }

    public VoucherView releaseVoucher(String code, String saleRef) {
        return send("POST", "/api/v1/vouchers/" + encode(code) + "/release", new SettleHold(saleRef),
                Retry.ANY, code + "/" + saleRef, VoucherView.class);
    }

    /** A page of the events feed after {@code position} (null or empty for the start). */
    public EventPage events(String position, int limit) {
        return send("GET", "/api/v1/events?limit=" + limit + (position == null || position.isEmpty() ? ""
                : "&after=" + encode(position)), null, Retry.ANY, null, EventPage.class);
    }

    /**
     * A page of the purchases matching {@code filters} — the query parameters of {@code GET /api/v1/purchases}
     * ({@code store}, {@code from}, {@code history}, ...) — newest first, with the totals over all of them.
     *
     * @param after the previous page's {@code next}, or null for the first page
     */
    public PurchasePage purchases(Map<String, String> filters, String after, int limit) {
        return send("GET", "/api/v1/purchases?" + query(filters, after, limit), null, Retry.ANY, null, PurchasePage.class);
    }

    /**
     * A page of the active members matching {@code filters} — {@code name}, {@code tier}, {@code store},
     * {@code joinedFrom}, {@code joinedTo} — newest first.
     *
     * @param after the previous page's {@code next}, or null for the first page
     */
    public MemberPage members(Map<String, String> filters, String after, int limit) {
        return send("GET", "/api/v1/members?" + query(filters, after, limit), null, Retry.ANY, null, MemberPage.class);
    }

    /**
     * The member's points ledger, oldest first, {@code limit} (1 to 1000) entries after the entry {@code after} (0
     * for the first page).
     */
    public List<LedgerEntry> ledger(UUID memberId, long after, int limit) {
        return List.of(send("GET", "/api/v1/members/" + memberId + "/ledger?after=" + after + "&limit=" + limit, null,
                Retry.ANY, null, LedgerEntry[].class));
    }

    /** What happened to the member in every channel, newest first, at most {@code limit} (1 to 1000) entries. */
    public List<TimelineEntry> timeline(UUID memberId, int limit) {
        return List.of(send("GET", "/api/v1/members/" + memberId + "/timeline?limit=" + limit, null, Retry.ANY, null,
                TimelineEntry[].class));
    }

    /** The pairs of members that look like one person, for a manager to merge. */
    public List<SuspectedDuplicate> duplicates() {
        return List.of(send("GET", "/api/v1/duplicates", null, Retry.ANY, null, SuspectedDuplicate[].class));
    }

    /**
     * Erases the member (GDPR): the profile and identifiers are pseudonymised, the ledger keeps its sums. Not retried
     * once sent: a second erasure would be audited as one more.
     */
    public void erase(UUID memberId, EraseMember erasure) {
        send("POST", "/api/v1/members/" + memberId + "/erase", erasure, Retry.UNSENT_ONLY, null, Void.class);
    }

    /**
     * The KPIs of {@code store} (null: every store the key may read; a STORE key or a store manager reads their own)
     * over the months {@code from} to {@code to} ({@code YYYY-MM}; null for the last twelve months). In a staff session
     * ({@link #inStaffSession}) a manager asking for another store's gets a {@link PunchcardException} of 403.
     */
    public Kpis kpis(String store, String from, String to) {
        return send("GET", "/api/v1/kpis" + kpiQuery(null, store, from, to), null, Retry.ANY, null, Kpis.class);
    }

    /**
     * One table of {@link #kpis} as the core writes it in CSV (UTF-8, a header row first): {@code figures},
     * {@code months}, {@code newMembersByWeek}, {@code cohorts}, {@code expiring}, {@code tiers} or
     * {@code tierMoves}; the same parameters and the same access.
     */
    public String kpisCsv(String table, String store, String from, String to) {
        return new String(send("GET", "/api/v1/kpis/export" + kpiQuery(table, store, from, to), null, Retry.ANY, null,
                byte[].class), StandardCharsets.UTF_8);
    }

    private static String kpiQuery(String table, String store, String from, String to) {
        Map<String, String> filters = new java.util.TreeMap<>();
        if (table != null) {
            filters.put("table", table);
        }
        if (store != null) {
            filters.put("store", store);
        }
        if (from != null) {
            filters.put("from", from);
        }
        if (to != null) {
            filters.put("to", to);
        }
        StringBuilder query = new StringBuilder();
        filters.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                .append(encode(value)));
        return query.toString();
    }

    /**
     * Recomputes the KPI rollups from the core's tables (an ADMIN key). Over millions of purchases this takes minutes
     * (about 15 s per million on a small machine): give this client a {@code requestTimeout} to match, or run
     * {@code ./punchcard kpis rebuild}. Not retried once sent: the core finishes a rebuild whose caller gave up, and
     * a second one would wait for it and then do it all again.
     */
    public KpisRebuilt rebuildKpis() {
        return send("POST", "/api/v1/kpis/rebuild", null, Retry.UNSENT_ONLY, null, KpisRebuilt.class);
    }

    private static String query(Map<String, String> filters, String after, int limit) {
        StringBuilder query = new StringBuilder("limit=").append(limit);
        new java.util.TreeMap<>(filters).forEach((name, value) -> query.append('&').append(encode(name)).append('=')
                .append(encode(value)));
        if (after != null) {
            query.append("&after=").append(encode(after));
        }
        return query.toString();
    }

    /** When a failed call may be sent again. */
    private enum Retry {
        /** Repeating it has no further effect: retried on any failure a retry can mend. */
        ANY,
        /**
         * Repeating it could act twice: retried only when the core cannot have seen it (no connection) or said it
         * did not act on it (429, 503).
         */
        UNSENT_ONLY
    }

    private <T> T send(String method, String path, Object body, Retry retry, String idempotencyKey, Class<T> type) {
        return send(method, path, body, retry, idempotencyKey, type, settings.apiKey());
    }

    private <T> T send(String method, String path, Object body, Retry retry, String idempotencyKey, Class<T> type,
                       String apiKey) {
        JavaType javaType = Json.mapper().constructType(type);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.baseUri().resolve(path))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
        if (kioskSession != null) {
            request.header(KioskSession.HEADER, kioskSession);
        }
        if (staffSession != null) {
            request.header(StaffSession.HEADER, staffSession);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json(body)));
        }
        HttpRequest built = request.build();
        Duration wait = settings.backoff();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status < 300) {
                    if (type == byte[].class) {
                        // A file the core wrote (CSV): handed over as it came.
                        return type.cast(response.body());
                    }
                    return type == Void.class ? null : Json.mapper().readValue(response.body(), javaType);
                }
                boolean mendable = retry == Retry.ANY ? RETRYABLE.contains(status) : NOT_ACTED_ON.contains(status);
                if (!mendable || attempt >= settings.attempts()) {
                    throw new PunchcardException(problem(response));
                }
            } catch (IOException e) {
                boolean unsent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                if (attempt >= settings.attempts() || retry == Retry.UNSENT_ONLY && !unsent) {
                    throw new PunchcardException("The core at " + settings.baseUri() + " did not answer " + method
                            + " " + path + " after " + attempt + " tries: " + e.getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PunchcardException("Interrupted while calling the core", e);
            }
            sleep(wait);
            wait = wait.multipliedBy(2);
        }
    }

    private static Problem problem(HttpResponse<byte[]> response) {
        try {
            return Json.mapper().readValue(response.body(), Problem.class);
        } catch (IOException e) {
            return Problem.of("http-" + response.statusCode(), "HTTP " + response.statusCode(), response.statusCode(),
                    "The core answered " + response.statusCode() + " without a problem body.", null);
        }
    }

    private static void sleep(Duration wait) {
        long millis = wait.toMillis();
        long jittered = millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PunchcardException("Interrupted while waiting to retry", e);
        }
    }

    private static byte[] json(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Percent-encodes a path segment or query value ({@code %20} for a space: a {@code +} in a path is a plus). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
