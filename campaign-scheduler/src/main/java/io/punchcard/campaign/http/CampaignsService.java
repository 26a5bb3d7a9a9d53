package io.punchcard.campaign.http;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.campaign.engine.Actor;
import io.punchcard.campaign.engine.AudienceSql;
import io.punchcard.campaign.engine.Campaign;
import io.punchcard.campaign.engine.CampaignOutcomes;
import io.punchcard.campaign.engine.CampaignSpec;
import io.punchcard.campaign.engine.CampaignStore;
import io.punchcard.campaign.engine.CampaignTemplates;
import io.punchcard.campaign.engine.EffectStore;
import io.punchcard.campaign.engine.Lifecycle;
import io.punchcard.campaign.results.CampaignResults;
import io.punchcard.campaign.results.Results;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/**
 * {@code /scheduler/v1/campaigns}: campaigns and their life. A change names the version it replaces
 * ({@code If-Match}, optional), is checked before it is saved (every problem with its field's path) and is
 * audited with who, when and the campaign before and after.
 */
final class CampaignsService implements HttpService {

    /**
     * A new campaign.
     *
     * @param id           its code
     * @param fromTemplate a starter (GET /scheduler/v1/campaign-templates) to copy, or
     * @param spec         the campaign written out
     */
    record CreateBody(String id, String fromTemplate, CampaignSpec spec) {
    }

    /**
     * A campaign as answered.
     *
     * @param effects how its effects stand
     */
    record CampaignView(String id, Campaign.Status status, long version, CampaignSpec spec, Instant runningSince,
                        Instant nextRunAt, Campaign.Spent spent, EffectStore.Counts effects, Instant createdAt,
                        String createdBy, Instant updatedAt, String updatedBy) {
    }

    /**
     * A campaign's results as answered.
     *
     * @param asOf            the moment they were computed
     * @param attributionDays how long after an effect a purchase counted
     * @param spend           what it gave away
     * @param results         treated against held out
     */
    record ResultsView(String campaign, Instant asOf, int attributionDays, CampaignOutcomes.Spend spend,
                       CampaignResults results) {
    }

    private final CampaignStore campaigns;
    private final EffectStore effects;
    private final CampaignOutcomes outcomes;
    private final Supplier<CampaignOutcomes.CostRates> rates;
    private final AudienceSql audiences;
    private final Callers callers;
    private final Supplier<SchedulerRoutes.StarterContext> starters;
    private final Clock clock;

    CampaignsService(CampaignStore campaigns, EffectStore effects, CampaignOutcomes outcomes,
                     Supplier<CampaignOutcomes.CostRates> rates, Callers callers,
                     Supplier<SchedulerRoutes.StarterContext> starters, AudienceSql audiences, Clock clock) {
        this.audiences = audiences;
        this.campaigns = campaigns;
        this.effects = effects;
        this.outcomes = outcomes;
        this.rates = rates;
        this.callers = callers;
        this.starters = starters;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::get)
                .put("/{id}", this::update)
                .delete("/{id}", this::delete)
                .get("/{id}/audit", this::audit)
                .get("/{id}/results", this::results)
                .post("/{id}/{move}", this::move);
    }

    /** {@code /scheduler/v1/campaign-templates}: the 3R starters. */
    HttpService starters() {
        return rules -> rules.get("/", (req, res) -> {
            callers.require(req, Callers.READERS);
            SchedulerRoutes.StarterContext context = starters.get();
            res.send(Map.of("templates", CampaignTemplates.all(clock.instant(), context.zone(), context.topTier())));
        });
    }

    private void list(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        res.send(Map.of("campaigns", campaigns.list().stream().map(this::view).toList()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        String id = id(req);
        Campaign campaign = campaigns.find(id).orElseThrow(() -> notFound(id));
        res.header(HeaderNames.ETAG, etag(campaign.version()));
        res.send(view(campaign));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.STAFF);
        CreateBody body = req.content().as(CreateBody.class);
        // The id and the spec are checked together, so one answer lists every problem of the body.
        List<Problem.FieldError> problems = new ArrayList<>();
        if (body.id() == null || !body.id().matches(ID)) {
            problems.add(new Problem.FieldError("id", ID_RULE));
        }
        CampaignSpec spec = null;
        if (body.fromTemplate() != null) {
            if (body.spec() != null) {
                problems.add(new Problem.FieldError("spec", "give a spec or fromTemplate, not both"));
            }
            SchedulerRoutes.StarterContext context = starters.get();
            spec = CampaignTemplates.named(body.fromTemplate(), clock.instant(), context.zone(), context.topTier())
                    .map(CampaignTemplates.Template::spec).orElse(null);
            if (spec == null) {
                problems.add(new Problem.FieldError("fromTemplate", "is not a starter: see GET "
                        + "/scheduler/v1/campaign-templates"));
            }
        } else if (body.spec() == null) {
            problems.add(new Problem.FieldError("spec", "is required (or fromTemplate)"));
        } else {
            spec = body.spec();
            spec.problems().forEach(p -> problems.add(new Problem.FieldError("spec." + p.field(), p.detail())));
        }
        if (!problems.isEmpty()) {
            throw Invalid.all(problems);
        }
        if (body.fromTemplate() == null) {
            audienceExists(spec, "spec.");
        }
        Campaign created = changed(campaigns.create(body.id(), spec, actor(caller), clock.instant()), body.id());
        res.status(Status.CREATED_201).header(HeaderNames.ETAG, etag(created.version()))
                .header(HeaderNames.LOCATION, "/scheduler/v1/campaigns/" + created.id());
        res.send(view(created));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.STAFF);
        String id = id(req);
        Long expected = ifMatch(req);
        CampaignSpec spec = checked(req.content().as(CampaignSpec.class), "");
        audienceExists(spec, "");
        Campaign updated = changed(campaigns.update(id, spec, expected, actor(caller), clock.instant()), id);
        res.header(HeaderNames.ETAG, etag(updated.version()));
        res.send(view(updated));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.STAFF);
        String id = id(req);
        changed(campaigns.delete(id, ifMatch(req), actor(caller), clock.instant()), id);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void move(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.STAFF);
        String id = id(req);
        String name = RequestParameters.path(req, "move");
        Lifecycle.Move move;
        try {
            move = Lifecycle.Move.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of("not-found", "No such action", 404, "A campaign can be sent to "
                    + "schedule, unschedule, pause, resume or finish.", "move"));
        }
        Campaign moved = changed(campaigns.move(id, move, ifMatch(req), actor(caller), clock.instant()), id);
        res.header(HeaderNames.ETAG, etag(moved.version()));
        res.send(view(moved));
    }

    private void audit(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        String id = id(req);
        List<CampaignStore.AuditEntry> entries = campaigns.audit(id, 200);
        // Every campaign has its creation in the trail, and the trail outlives the campaign's deletion.
        if (entries.isEmpty()) {
            throw notFound(id);
        }
        res.send(Map.of("entries", entries));
    }

    private void results(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        String id = id(req);
        Campaign campaign = campaigns.find(id).orElseThrow(() -> notFound(id));
        Instant now = clock.instant();
        int window = campaign.spec().attributionDays();
        CampaignOutcomes.Groups groups = outcomes.groups(id, window, now);
        CampaignOutcomes.Spend spend = outcomes.spend(id);
        res.send(new ResultsView(id, now, window, spend,
                Results.compare(groups.treated(), groups.heldOut(), rates.get().cost(spend))));
    }

    /** A saved segment the audience names must exist (it is compiled again each time the campaign acts). */
    private void audienceExists(CampaignSpec spec, String prefix) {
        try {
            audiences.where(spec.audience(), clock.instant());
        } catch (IllegalArgumentException e) {
            throw Invalid.field(prefix + "audience.segment", "is not a saved segment");
        }
    }

    private static CampaignSpec checked(CampaignSpec spec, String prefix) {
        if (spec == null) {
            throw Invalid.field(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "is required");
        }
        List<Problem.FieldError> problems = spec.problems();
        if (!problems.isEmpty()) {
            throw Invalid.all(problems.stream().map(p -> new Problem.FieldError(prefix + p.field(), p.detail())).toList());
        }
        return spec;
    }

    private static Campaign changed(CampaignStore.Change change, String id) {
        return switch (change) {
            case CampaignStore.Changed changed -> changed.campaign();
            case CampaignStore.NotFound ignored -> throw notFound(id);
            case CampaignStore.VersionConflict conflict -> throw new ProblemException(Problem.of("version-mismatch",
                    "Changed meanwhile", 412, "The campaign is at version " + conflict.current()
                            + " now: read it again and make your change to that.", "If-Match"));
            case CampaignStore.Exists ignored -> throw new ProblemException(Problem.of("campaign-exists",
                    "The campaign exists", 409, "There is a campaign " + id + " already.", "id"));
            case CampaignStore.Refused refused -> throw new ProblemException(Problem.of("campaign-state",
                    "Not possible now", 409, refused.reason() + ".", "status"));
        };
    }

    /** The caller as the campaign's record and audit name them: a member of staff by id and e-mail. */
    private static Actor actor(Caller caller) {
        return new Actor(caller.name(), caller.staff() == null ? null
                : new Actor.Staff(caller.staff().id(), caller.staff().email()));
    }

    private CampaignView view(Campaign c) {
        return new CampaignView(c.id(), c.status(), c.version(), c.spec(), c.runningSince(), c.nextRunAt(), c.spent(),
                effects.counts(c.id()), c.createdAt(), c.createdBy(), c.updatedAt(), c.updatedBy());
    }

    /** Short enough that its earning rule, "campaign." and the id, fits the program's 64 characters. */
    private static final String ID = "[a-z0-9][a-z0-9-]{0,54}";
    private static final String ID_RULE = "must be 1-55 lowercase letters, digits or '-'";

    private static String id(ServerRequest req) {
        String id = RequestParameters.path(req, "id");
        if (!id.matches(ID)) {
            throw Invalid.field("id", ID_RULE);
        }
        return id;
    }

    private static Long ifMatch(ServerRequest req) {
        return req.headers().first(HeaderNames.IF_MATCH).map(v -> {
            String value = v.strip();
            value = (value.startsWith("W/") ? value.substring(2) : value).replace("\"", "");
            if (!value.matches("[0-9]{1,18}")) {
                throw new ProblemException(Problem.of("invalid-header", "A request header is invalid", 400,
                        "If-Match must be a version this API gave as an ETag, e.g. \"3\".", "If-Match"));
            }
            return Long.parseLong(value);
        }).orElse(null);
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of("campaign-not-found", "No such campaign", 404,
                "There is no campaign " + id + ".", "id"));
    }
}
