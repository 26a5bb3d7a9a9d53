package io.punchcard.campaign.http;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.campaign.segment.Names;
import io.punchcard.campaign.segment.Rule;
import io.punchcard.campaign.segment.RuleJson;
import io.punchcard.campaign.segment.SampleMember;
import io.punchcard.campaign.segment.TagSource;
import io.punchcard.campaign.store.PgAudiences;
import io.punchcard.campaign.store.PgSegments;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/**
 * {@code /scheduler/v1/segments}: audiences described by rules (docs/segments.md). A preview answers how many
 * members a rule matches now and the first of them; saved segments are versioned like templates; a segment's
 * members can be tagged at once, in one statement however many they are.
 */
final class SegmentsService implements HttpService {

    /** How many members a preview shows. */
    static final int SAMPLE = 10;

    /** @param rule the rule tree */
    record RuleBody(JsonNode rule) {
    }

    /** @param name unique regardless of case */
    record SegmentBody(String name, JsonNode rule) {
    }

    record SegmentView(long id, String name, JsonNode rule, int version, Instant createdAt, String createdBy,
                       Instant updatedAt, String updatedBy) {
    }

    record Preview(long count, List<SampleMember> sample) {
    }

    record TagBody(String tag) {
    }

    /** @param tagged members who had not had the tag */
    record Tagged(String tag, long tagged) {
    }

    private final PgSegments segments;
    private final PgAudiences audiences;
    private final Callers callers;
    private final RuleInput rules;
    private final Clock clock;

    SegmentsService(PgSegments segments, PgAudiences audiences, Callers callers, RuleInput rules, Clock clock) {
        this.segments = segments;
        this.audiences = audiences;
        this.callers = callers;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules http) {
        http.post("/preview", this::preview)
                .get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::get)
                .put("/{id}", this::update)
                .delete("/{id}", this::delete)
                .post("/{id}/tag", this::tag);
    }

    private void preview(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.STAFF);
        Rule rule = RuleInput.rule(req.content().as(RuleBody.class).rule(), "rule");
        var sql = rules.compile(rule);
        res.send(new Preview(audiences.count(sql), audiences.sample(sql, SAMPLE)));
    }

    private void list(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        res.send(Map.of("segments", segments.list().stream().map(SegmentsService::view).toList()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        long id = id(req);
        PgSegments.StoredSegment stored = segments.find(id).orElseThrow(() -> notFound(id));
        res.header(HeaderNames.ETAG, Versions.etag(stored.version()));
        res.send(view(stored));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.ADMIN);
        SegmentBody body = req.content().as(SegmentBody.class);
        Rule rule = checked(body);
        switch (segments.create(body.name(), rule, caller.name())) {
            case PgSegments.Done<PgSegments.StoredSegment> done -> {
                res.status(Status.CREATED_201).header(HeaderNames.ETAG, Versions.etag(1))
                        .header(HeaderNames.LOCATION, "/scheduler/v1/segments/" + done.stored().id());
                res.send(view(done.stored()));
            }
            case PgSegments.Taken<PgSegments.StoredSegment> taken -> throw nameTaken(body.name());
            case PgSegments.Missing<PgSegments.StoredSegment> missing -> throw new IllegalStateException("created");
            case PgSegments.VersionConflict<PgSegments.StoredSegment> conflict -> throw new IllegalStateException("new");
        }
    }

    private void update(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.ADMIN);
        long id = id(req);
        int expected = Versions.requiredIfMatch(req, "segment");
        SegmentBody body = req.content().as(SegmentBody.class);
        Rule rule = checked(body);
        switch (segments.update(id, expected, body.name(), rule, caller.name())) {
            case PgSegments.Done<PgSegments.StoredSegment> done -> {
                res.header(HeaderNames.ETAG, Versions.etag(done.stored().version()));
                res.send(view(done.stored()));
            }
            case PgSegments.Taken<PgSegments.StoredSegment> taken -> throw nameTaken(body.name());
            case PgSegments.Missing<PgSegments.StoredSegment> missing -> throw notFound(id);
            case PgSegments.VersionConflict<PgSegments.StoredSegment> conflict ->
                    throw Versions.changedMeanwhile("Segment " + id, conflict.current(), expected);
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.ADMIN);
        long id = id(req);
        switch (segments.delete(id)) {
            case DELETED -> {
            }
            case MISSING -> throw notFound(id);
            case IN_USE -> throw new ProblemException(Problem.of("segment-in-use", "The segment is in use", 409,
                    "A campaign that is not finished reaches this segment's members: change its audience or finish "
                            + "it first.", "id"));
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void tag(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.ADMIN);
        long id = id(req);
        // The body is checked before the segment is looked up, so a bad tag is named whatever the id.
        String tag = RuleInput.tag(req.content().as(TagBody.class).tag(), "tag");
        PgSegments.StoredSegment segment = segments.find(id).orElseThrow(() -> notFound(id));
        long tagged = audiences.tagAll(rules.compile(segment.rule()), tag, TagSource.SEGMENT, caller.name(),
                clock.instant());
        res.send(new Tagged(tag, tagged));
    }

    /** The body's rule; a 400 naming every problem of the name and the rule together. */
    private static Rule checked(SegmentBody body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String flaw = Names.segmentNameFlaw(body.name());
        if (flaw != null) {
            errors.add(new Problem.FieldError("name", flaw));
        }
        Rule rule = null;
        switch (RuleJson.read(body.rule(), "rule")) {
            case RuleJson.Read read -> rule = read.rule();
            case RuleJson.Refused refused -> errors.addAll(RuleInput.errors(refused));
        }
        if (!errors.isEmpty()) {
            throw Invalid.all(errors);
        }
        return rule;
    }

    private static long id(ServerRequest req) {
        String raw = RequestParameters.path(req, "id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw Invalid.field("id", "must be a segment id (a whole number from 1)");
    }

    private static ProblemException notFound(long id) {
        return new ProblemException(Problem.of("segment-not-found", "No such segment", 404,
                "There is no segment " + id + ".", "id"));
    }

    private static ProblemException nameTaken(String name) {
        return new ProblemException(Problem.of("segment-name-taken", "The name is taken", 409,
                "Another segment is called " + name + " (names are told apart regardless of case).", "name"));
    }

    private static SegmentView view(PgSegments.StoredSegment s) {
        return new SegmentView(s.id(), s.name(), RuleJson.write(s.rule()), s.version(), s.createdAt(), s.createdBy(),
                s.updatedAt(), s.updatedBy());
    }
}
