package io.punchcard.campaign.http;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.campaign.segment.Rule;
import io.punchcard.campaign.segment.RuleJson;
import io.punchcard.campaign.segment.TagSource;
import io.punchcard.campaign.store.PgAudiences;
import io.punchcard.campaign.store.PgSegments;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/**
 * Tags kept in the scheduler: one member's, set and removed by staff ({@code /members/{memberId}/tags/{tag}}), and
 * tag rules ({@code /tag-rules}), each keeping a tag on the members that match a rule, refreshed by difference.
 */
final class TagsService implements HttpService {

    record TagRuleBody(String tag, JsonNode rule) {
    }

    record RuleBody(JsonNode rule) {
    }

    record TagRuleView(String tag, JsonNode rule, int version, Instant updatedAt, String updatedBy,
                       Instant refreshedAt) {
    }

    /** @param added whether the member had not had the tag */
    record MemberTag(UUID memberId, String tag, boolean added) {
    }

    private final PgSegments segments;
    private final PgAudiences audiences;
    private final Callers callers;
    private final MemberScope scope;
    private final RuleInput rules;
    private final Clock clock;

    TagsService(PgSegments segments, PgAudiences audiences, Callers callers, MemberScope scope, RuleInput rules,
                Clock clock) {
        this.segments = segments;
        this.audiences = audiences;
        this.callers = callers;
        this.scope = scope;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules http) {
        http.put("/members/{memberId}/tags/{tag}", this::setTag)
                .delete("/members/{memberId}/tags/{tag}", this::removeTag)
                .get("/tag-rules", this::list)
                .post("/tag-rules", this::create)
                .get("/tag-rules/{tag}", this::get)
                .put("/tag-rules/{tag}", this::update)
                .delete("/tag-rules/{tag}", this::delete)
                .post("/tag-rules/{tag}/refresh", this::refresh);
    }

    private void setTag(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.STAFF);
        UUID member = Invalid.uuid(req, "memberId", "a member id");
        String tag = pathTag(req);
        scope.require(caller, member, "memberId");
        PgAudiences.TagSet set = audiences.setTag(member, tag, TagSource.STAFF, caller.name(), clock.instant());
        if (set == PgAudiences.TagSet.UNKNOWN_MEMBER) {
            throw new ProblemException(Problem.of("member-not-found", "No such member", 404, "The scheduler has no"
                    + " facts of member " + member + " (yet): the core's events name every member within seconds.",
                    "memberId"));
        }
        res.send(new MemberTag(member, tag, set == PgAudiences.TagSet.ADDED));
    }

    private void removeTag(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.STAFF);
        UUID member = Invalid.uuid(req, "memberId", "a member id");
        String tag = pathTag(req);
        scope.require(caller, member, "memberId");
        if (!audiences.removeTag(member, tag)) {
            throw new ProblemException(Problem.of("tag-not-set", "No such tag", 404, "Member " + member
                    + " has no tag " + tag + " set in the scheduler (the core's own tags are changed in the core).",
                    "tag"));
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void list(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        res.send(Map.of("tagRules", segments.tagRules().stream().map(TagsService::view).toList()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        String tag = pathTag(req);
        PgSegments.StoredTagRule stored = segments.findTagRule(tag).orElseThrow(() -> notFound(tag));
        res.header(HeaderNames.ETAG, Versions.etag(stored.version()));
        res.send(view(stored));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.ADMIN);
        TagRuleBody body = req.content().as(TagRuleBody.class);
        String tag = RuleInput.tag(body.tag(), "tag");
        Rule rule = RuleInput.rule(body.rule(), "rule");
        switch (segments.createTagRule(tag, rule, caller.name())) {
            case PgSegments.Done<PgSegments.StoredTagRule> done -> {
                res.status(Status.CREATED_201).header(HeaderNames.ETAG, Versions.etag(1));
                res.send(view(done.stored()));
            }
            case PgSegments.Taken<PgSegments.StoredTagRule> taken -> throw new ProblemException(Problem.of(
                    "tag-rule-exists", "The tag has a rule", 409, "Tag " + tag + " has a rule: change it with PUT"
                            + " /scheduler/v1/tag-rules/{tag} and its version as If-Match.", "tag"));
            case PgSegments.Missing<PgSegments.StoredTagRule> missing -> throw new IllegalStateException("created");
            case PgSegments.VersionConflict<PgSegments.StoredTagRule> conflict -> throw new IllegalStateException("new");
        }
    }

    private void update(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.ADMIN);
        String tag = pathTag(req);
        int expected = Versions.requiredIfMatch(req, "tag rule");
        Rule rule = RuleInput.rule(req.content().as(RuleBody.class).rule(), "rule");
        switch (segments.updateTagRule(tag, expected, rule, caller.name())) {
            case PgSegments.Done<PgSegments.StoredTagRule> done -> {
                res.header(HeaderNames.ETAG, Versions.etag(done.stored().version()));
                res.send(view(done.stored()));
            }
            case PgSegments.Missing<PgSegments.StoredTagRule> missing -> throw notFound(tag);
            case PgSegments.VersionConflict<PgSegments.StoredTagRule> conflict ->
                    throw Versions.changedMeanwhile("The rule of tag " + tag, conflict.current(), expected);
            case PgSegments.Taken<PgSegments.StoredTagRule> taken -> throw new IllegalStateException("updated");
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.ADMIN);
        String tag = pathTag(req);
        if (!segments.deleteTagRule(tag)) {
            throw notFound(tag);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.ADMIN);
        String tag = pathTag(req);
        PgSegments.StoredTagRule stored = segments.findTagRule(tag).orElseThrow(() -> notFound(tag));
        Instant now = clock.instant();
        PgAudiences.Refreshed refreshed = audiences.refresh(rules.compile(stored.rule()), tag, caller.name(), now);
        segments.markRefreshed(tag, now);
        res.send(refreshed);
    }

    private static String pathTag(ServerRequest req) {
        return RuleInput.tag(RequestParameters.path(req, "tag"), "tag");
    }

    private static ProblemException notFound(String tag) {
        return new ProblemException(Problem.of("tag-rule-not-found", "No such tag rule", 404,
                "Tag " + tag + " has no rule.", "tag"));
    }

    private static TagRuleView view(PgSegments.StoredTagRule t) {
        return new TagRuleView(t.tag(), RuleJson.write(t.rule()), t.version(), t.updatedAt(), t.updatedBy(),
                t.refreshedAt());
    }
}
