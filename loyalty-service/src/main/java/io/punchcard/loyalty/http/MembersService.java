package io.punchcard.loyalty.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.UUID;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.BuyReward;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.LookUpCards;
import io.punchcard.api.v1.MemberCards;
import io.punchcard.api.v1.MemberPage;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.RedeemPoints;
import io.punchcard.api.v1.UpdateMember;
import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.loyalty.access.ApiKey;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.access.StoreScope;
import io.punchcard.loyalty.member.Cards;
import io.punchcard.loyalty.member.DigitalCards;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.MemberQuery;
import io.punchcard.loyalty.member.MemberRequests;
import io.punchcard.loyalty.member.MemberSearch;
import io.punchcard.loyalty.member.MemberStores;
import io.punchcard.loyalty.member.Members;
import io.punchcard.loyalty.member.Summaries;
import io.punchcard.loyalty.points.AdjustmentRequest;
import io.punchcard.loyalty.points.AdjustmentRequests;
import io.punchcard.loyalty.points.Points;
import io.punchcard.loyalty.program.Channel;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.search.Page;
import io.punchcard.loyalty.voucher.Rewards;
import io.punchcard.loyalty.voucher.VoucherViews;
import io.punchcard.loyalty.voucher.Vouchers;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/**
 * {@code /api/v1/members}: enrol, find, read, change; the member card; points ledger, redemptions and
 * adjustments.
 */
public final class MembersService implements HttpService {

    private static final Map<String, String> FIELDS = Map.of(
            "PHONE", "phone", "EMAIL", "email", "CARD", "cardNumber", "EXTERNAL", "externalIds", "QR", "qr");

    /** The query parameters that name one member; any of them makes a GET a lookup rather than a listing. */
    private static final List<String> IDENTIFIERS = List.of("card", "phone", "email", "qr", "externalId");

    private final Members members;
    private final MemberSearch search;
    private final Summaries summaries;
    private final Cards cards;
    private final Points points;
    private final Programs programs;
    private final Vouchers vouchers;
    private final Rewards rewards;
    private final Scoping scoping;
    private final Clock clock;

    public MembersService(Members members, MemberSearch search, Summaries summaries, Cards cards, Points points,
                          Vouchers vouchers, Rewards rewards, Programs programs, MemberStores stores, Clock clock) {
        this.members = members;
        this.scoping = new Scoping(stores);
        this.search = search;
        this.summaries = summaries;
        this.cards = cards;
        this.points = points;
        this.vouchers = vouchers;
        this.rewards = rewards;
        this.programs = programs;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::enroll)
                .get("/", this::find)
                .get("/summary", this::identify)
                // Ahead of the one-member routes: a POST under /{id} added later cannot take "cards" for an id.
                .post("/cards", this::cards)
                .get("/{id}", this::get)
                .patch("/{id}", this::update)
                .get("/{id}/summary", this::summary)
                .get("/{id}/ledger", this::ledger)
                .post("/{id}/redemptions", this::redeem)
                .post("/{id}/redemptions/{redemptionId}/cancel", this::cancelTender)
                .post("/{id}/adjustments", this::adjust)
                .get("/{id}/vouchers", this::vouchers)
                .post("/{id}/rewards", this::buyReward);
    }

    private void vouchers(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        if (members.get(id).isEmpty()) {
            throw Requests.memberNotFound(id);
        }
        String currency = programs.current().program().currency();
        res.send(vouchers.usable(id).stream().map(v -> VoucherViews.of(v, currency)).toList());
    }

    private void buyReward(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        BuyReward body = req.content().as(BuyReward.class);
        if (body.reward() == null || body.reward().isBlank()) {
            throw ProblemException.invalidField("reward", "Name the reward to buy.");
        }
        if (body.redemptionId() == null || body.redemptionId().isBlank() || body.redemptionId().length() > Limits.MAX_TEXT) {
            throw ProblemException.invalidField("redemptionId", "redemptionId is required: your own id of this "
                    + "purchase, reused on retries.");
        }
        switch (rewards.buy(id, body.reward(), body.redemptionId(), Authentication.actor(req))) {
            case Rewards.Done done -> {
                res.status(done.replayed() ? Status.OK_200 : Status.CREATED_201);
                res.send(done.result());
            }
            case Rewards.UnknownReward unknown -> throw ProblemException.invalidField("reward",
                    "The catalog has no reward '" + unknown.code() + "'.");
            case Rewards.InsufficientPoints insufficient -> throw new ProblemException(Problem.of("insufficient-points",
                    "Not enough points", 409, "The reward costs " + insufficient.price() + " points; the member can spend "
                            + insufficient.available() + ".", "reward"));
            case Rewards.MemberNotFound notFound -> throw Requests.memberNotFound(id);
            case Rewards.IdUsedForTender used -> throw redemptionIdTaken("a points tender");
        }
    }

    private void enroll(ServerRequest req, ServerResponse res) {
        Program program = programs.current().program();
        var enrollment = Requests.valid(MemberRequests.enrollment(req.content().as(EnrollMember.class), program, clock));
        Members.Enrolled outcome;
        if (Authentication.caller(req).scope() == Scope.KIOSK) {
            if (enrollment.joinChannel() != Channel.KIOSK) {
                throw ProblemException.invalidField("joinChannel", "A kiosk enrols shoppers who join at the kiosk: "
                        + "joinChannel KIOSK.");
            }
            // The shopper leaves the kiosk with a card: the number and its QR on the screen at once.
            outcome = DigitalCards.wanted(enrollment) ? DigitalCards.enrol(members, enrollment) : members.enroll(enrollment);
        } else {
            outcome = members.enroll(enrollment);
        }
        switch (outcome) {
            case Members.Joined joined -> {
                res.status(Status.CREATED_201);
                res.headers().location(java.net.URI.create("/api/v1/members/" + joined.member().id()));
                res.send(Views.member(joined.member()));
            }
            case Members.IdentifierTaken taken -> throw identifierTaken(taken.kind());
            case Members.UnknownReferrer unknown -> throw ProblemException.invalidField("referrerCode",
                    "No member has the referral code '" + unknown.code() + "'.");
        }
    }

    /**
     * By an identifier, the one member holding it (as it always was); without one, a page of the members staff
     * search for. A connector acts only on the customers its channel names, so it may look members up but never list
     * them (a leaked connector key must not be an export of every member's contact details); a STORE key lists its
     * own store's members, a member of staff limited to some stores theirs ({@link StoreScope}: joined, prefer or
     * bought there), and looks up only those. A kiosk may do neither: it opens a session for the shopper in front of it (see Access).
     */
    private void find(ServerRequest req, ServerResponse res) {
        if (IDENTIFIERS.stream().anyMatch(name -> req.query().contains(name))) {
            Identifier identifier = identifierFromQuery(req);
            Member found = members.find(identifier).orElseThrow(() -> noSuchHolder(identifier));
            scoping.require(req, found.id(), identifierParameter(req));
            res.send(Views.member(found));
            return;
        }
        ApiKey caller = Authentication.caller(req);
        if (caller.scope() == Scope.CONNECTOR) {
            throw new ProblemException(Problem.of("forbidden", "Not allowed for this key", 403,
                    "A " + caller.scope() + " key finds a member by card, phone, email, qr or externalId; it cannot "
                            + "list members.", null));
        }
        MemberQuery query = Requests.valid(MemberQuery.of(name -> req.query().first(name).asOptional()));
        StoreScope scope = Scoping.of(req);
        if (scope.limited()) {
            if (query.store() != null && !scope.stores().contains(query.store())) {
                throw new ProblemException(Problem.of("forbidden", "Not allowed for this member of staff", 403,
                        "You see the members of your stores " + scope.stores() + " only, not store "
                                + query.store() + "'s.", "store"));
            }
            query = query.within(scope.stores());
        } else if (caller.scope() == Scope.STORE) {
            if (query.store() != null) {
                Authentication.requireStore(req, query.store(), "store");
            }
            query = query.within(List.of(caller.store()));
        }
        Page<Member> page = search.search(query);
        res.send(new MemberPage(page.items().stream().map(Views::member).toList(),
                page.next() == null ? null : page.next().encode()));
    }

    /** The till's scan: the card of the member holding one identifier, from the cache when it can. */
    private void identify(ServerRequest req, ServerResponse res) {
        Identifier identifier = identifierFromQuery(req);
        if (Scoping.of(req).limited()) {
            // The cached card does not say whose stores the member is of: a limited session looks the holder up.
            members.find(identifier).ifPresent(found -> scoping.require(req, found.id(), identifierParameter(req)));
        }
        String card = summaries.summaryJson(identifier).orElseThrow(() -> noSuchHolder(identifier));
        res.headers().contentType(io.helidon.common.media.type.MediaTypes.APPLICATION_JSON);
        res.send(card.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Identifier identifierFromQuery(ServerRequest req) {
        var query = req.query();
        MemberRef ref = new MemberRef(null, query.first("card").orElse(null), query.first("phone").orElse(null),
                query.first("email").orElse(null), query.first("qr").orElse(null), query.first("externalId").orElse(null));
        return Requests.valid(MemberRequests.reference(ref, "query", programs.current().program()))
                .orElseThrow(() -> ProblemException.invalidField("query",
                        "Find a member by one of card, phone, email, qr or externalId."));
    }

    /** The query parameter a lookup named its member by. */
    private static String identifierParameter(ServerRequest req) {
        return IDENTIFIERS.stream().filter(name -> req.query().contains(name)).findFirst().orElse("query");
    }

    private static ProblemException noSuchHolder(Identifier identifier) {
        String field = FIELDS.get(identifier.kind().name());
        return new ProblemException(Problem.of("member-not-found", "No such member", 404,
                "No active member has this " + field + ".", field));
    }

    /**
     * Many members and their cards in one call, for a service acting on a batch of members (the campaign scheduler):
     * each known member as {@code GET /{id}} and {@code GET /{id}/summary} give them, in the order asked, a repeated
     * id once; the ids no member has in {@code missing}.
     */
    private void cards(ServerRequest req, ServerResponse res) {
        List<UUID> asked = req.content().as(LookUpCards.class).ids();
        if (asked == null || asked.isEmpty()) {
            throw ProblemException.invalidField("ids", "Name 1 to " + LookUpCards.MAX_IDS + " member ids.");
        }
        if (asked.size() > LookUpCards.MAX_IDS) {
            throw ProblemException.invalidField("ids", "At most " + LookUpCards.MAX_IDS + " member ids in one call, not "
                    + asked.size() + "; send the rest in another.");
        }
        // A null among the ids never gets here: the shared mapper refuses it, naming it (ids[3]).
        SequencedSet<UUID> ids = new LinkedHashSet<>(asked);
        Map<UUID, Cards.Card> found = cards.cards(ids);
        List<MemberCards.MemberCard> known = new ArrayList<>();
        List<UUID> missing = new ArrayList<>();
        for (UUID id : ids) {
            Cards.Card card = found.get(id);
            if (card == null) {
                missing.add(id);
            } else {
                known.add(new MemberCards.MemberCard(Views.member(card.member()), card.summary()));
            }
        }
        res.send(new MemberCards(known, missing));
    }

    private void get(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        res.send(Views.member(members.get(id).orElseThrow(() -> Requests.memberNotFound(id))));
    }

    private void update(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        var changes = Requests.valid(MemberRequests.changes(req.content().as(UpdateMember.class),
                programs.current().program(), clock));
        switch (members.update(id, changes, Authentication.actor(req))) {
            case Members.Changed changed -> res.send(Views.member(changed.member()));
            case Members.IdentifierTaken taken -> throw identifierTaken(taken.kind());
            case Members.NotFound notFound -> throw Requests.memberNotFound(id);
        }
    }

    private void summary(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        res.send(summaries.summary(id).orElseThrow(() -> Requests.memberNotFound(id)));
    }

    private void ledger(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        long after = Requests.number(req, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) Requests.number(req, "limit", 100, 1, 1000);
        if (members.get(id).isEmpty()) {
            throw Requests.memberNotFound(id);
        }
        res.send(points.ledger(id, after, limit));
    }

    private void redeem(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        RedeemPoints body = req.content().as(RedeemPoints.class);
        if (body.redemptionId() == null || body.redemptionId().isBlank() || body.redemptionId().length() > Limits.MAX_TEXT) {
            throw ProblemException.invalidField("redemptionId", "redemptionId is required: your own id of this "
                    + "redemption, reused on retries (at most " + Limits.MAX_TEXT + " characters).");
        }
        if (body.points() == null || body.points() < 1 || body.points() > Limits.MAX_POINTS) {
            throw ProblemException.invalidField("points", "points must be a whole number from 1 to " + Limits.MAX_POINTS + ".");
        }
        if (body.reference() != null && body.reference().length() > Limits.MAX_TEXT) {
            throw ProblemException.invalidField("reference", "At most " + Limits.MAX_TEXT + " characters.");
        }
        switch (points.redeem(id, body.redemptionId(), body.points(), body.reference(),
                Authentication.actor(req))) {
            case Points.Redeemed redeemed -> {
                res.status(redeemed.replayed() ? Status.OK_200 : Status.CREATED_201);
                res.send(redeemed.result());
            }
            case Points.InsufficientPoints insufficient -> throw new ProblemException(Problem.of("insufficient-points",
                    "Not enough points", 409, "The member can spend " + insufficient.available() + " points, not "
                            + body.points() + ".", "points"));
            case Points.MemberNotFound notFound -> throw Requests.memberNotFound(id);
            case Points.IdUsedForReward used -> throw redemptionIdTaken("a reward");
        }
    }

    private void cancelTender(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        String redemptionId = RequestParameters.path(req, "redemptionId");
        switch (points.cancelTender(id, redemptionId)) {
            case Points.Cancelled cancelled -> res.send(cancelled.result());
            case Points.NoSuchTender none -> throw new ProblemException(Problem.of("tender-not-found",
                    "No such points tender", 404, "This member has no points tender with redemptionId '"
                            + redemptionId + "'.", "redemptionId"));
            case Points.MemberNotFound notFound -> throw Requests.memberNotFound(id);
        }
    }

    private static ProblemException redemptionIdTaken(String usedFor) {
        return new ProblemException(Problem.of("redemption-id-taken", "Redemption id already used", 409,
                "This member's redemptionId was already used for " + usedFor + "; a retry must repeat the same "
                        + "request, and a new redemption needs a new id.", "redemptionId"));
    }

    private void adjust(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        AdjustmentRequest request = Requests.valid(AdjustmentRequests.check(
                AdjustmentRequests.of(id, req.content().as(AdjustPoints.class))));
        switch (points.adjust(request, Authentication.actor(req))) {
            case Points.Adjusted adjusted -> {
                res.status(adjusted.replayed() ? Status.OK_200 : Status.CREATED_201);
                res.send(adjusted.result());
            }
            case Points.MemberNotFound notFound -> throw Requests.memberNotFound(id);
            case Points.AdjustmentIdTaken taken -> throw new ProblemException(AdjustmentsService.idTaken());
        }
    }

    private static ProblemException identifierTaken(IdentifierKind kind) {
        String field = FIELDS.get(kind.name());
        return new ProblemException(Problem.of("identifier-taken", "Identifier already in use", 409,
                "Another member already has this " + field + ".", field));
    }
}
