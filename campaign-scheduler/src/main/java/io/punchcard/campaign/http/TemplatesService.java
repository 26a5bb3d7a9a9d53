package io.punchcard.campaign.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.UUID;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.Links;
import io.punchcard.campaign.message.MemberDirectory;
import io.punchcard.campaign.message.MessageTemplate;
import io.punchcard.campaign.message.Rendering;
import io.punchcard.campaign.message.SmsSegmentCounter;
import io.punchcard.campaign.message.SmsSegments;
import io.punchcard.campaign.message.TemplateProblem;
import io.punchcard.campaign.message.TemplateRenderer;
import io.punchcard.campaign.message.TemplateVariant;
import io.punchcard.campaign.store.PgTemplates;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/**
 * {@code /scheduler/v1/templates}: the message templates, one per code with a variant per language. A change
 * names the version it replaces ({@code If-Match}), so two managers cannot overwrite each other unseen; a
 * template is checked before it is saved (it compiles, uses known variables only); a preview renders it for a
 * chosen member with their facts as the core has them now.
 */
final class TemplatesService implements HttpService {

    /**
     * A template as sent and answered.
     *
     * @param code             its code (answers; a body may leave it out, or must repeat the path's)
     * @param channel          EMAIL or SMS
     * @param fallbackLanguage the language used when the member's has no variant
     * @param variants         per language tag: subject, textBody and htmlBody (e-mail), or textBody (SMS)
     * @param version          the stored version (answers only)
     * @param updatedAt        when it was saved (answers only)
     * @param updatedBy        the key that saved it (answers only)
     */
    record TemplateBody(String code, Channel channel, String fallbackLanguage, Map<String, TemplateVariant> variants,
                        Integer version, java.time.Instant updatedAt, String updatedBy) {
    }

    /**
     * @param memberId    whose facts to render with
     * @param voucherCode a voucher to show, as a campaign's message would
     * @param template    for {@code POST /templates/preview}: a template not saved yet
     */
    record PreviewBody(UUID memberId, String voucherCode, TemplateBody template) {
    }

    /**
     * @param language         the variant used
     * @param fellBack         whether the member's language had none and the fallback was used
     * @param missingVariables variables the template uses that this member has no value for
     * @param sms              for SMS: the encoding and the segments the text costs
     */
    record PreviewView(String language, boolean fellBack, String subject, String textBody, String htmlBody,
                       SortedSet<String> missingVariables, SmsSegments sms) {
    }

    private final PgTemplates templates;
    private final MemberDirectory members;
    private final Callers callers;
    private final java.util.function.Supplier<Links> links;
    private final TemplateRenderer renderer = new TemplateRenderer();

    TemplatesService(PgTemplates templates, MemberDirectory members, Callers callers,
                     java.util.function.Supplier<Links> links) {
        this.templates = templates;
        this.members = members;
        this.callers = callers;
        this.links = links;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/preview", this::previewUnsaved)
                .get("/{code}", this::get)
                .put("/{code}", this::put)
                .delete("/{code}", this::delete)
                .post("/{code}/preview", this::previewSaved);
    }

    private void list(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        res.send(Map.of("templates", templates.list().stream().map(TemplatesService::view).toList()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        PgTemplates.Stored stored = templates.find(code(req)).orElseThrow(() -> notFound(code(req)));
        res.header(HeaderNames.ETAG, Versions.etag(stored.version()));
        res.send(view(stored));
    }

    private void put(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.ADMIN);
        String code = code(req);
        Integer expected = Versions.ifMatch(req);
        TemplateBody body = req.content().as(TemplateBody.class);
        MessageTemplate template = template(code, body);
        PgTemplates.Saved saved = templates.save(template, expected, caller.name());
        switch (saved) {
            case PgTemplates.Created created -> {
                res.status(Status.CREATED_201).header(HeaderNames.ETAG, Versions.etag(1));
                res.send(view(created.stored()));
            }
            case PgTemplates.Updated updated -> {
                res.header(HeaderNames.ETAG, Versions.etag(updated.stored().version()));
                res.send(view(updated.stored()));
            }
            case PgTemplates.VersionConflict conflict -> {
                if (expected == null) {
                    throw new ProblemException(Problem.of("template-exists", "The template exists", 409, "Template "
                            + code + " exists (version " + conflict.current() + "): send If-Match: \""
                            + conflict.current() + "\" to replace it.", "code"));
                }
                throw new ProblemException(Problem.of("version-mismatch", "Changed meanwhile", 412, conflict.current() == 0
                        ? "There is no template " + code + " to replace; leave out If-Match to create it."
                        : "Template " + code + " is at version " + conflict.current() + ", not " + expected
                        + ": read it again and apply your change to that.", null));
            }
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.ADMIN);
        String code = code(req);
        Integer expected = Versions.ifMatch(req);
        if (expected == null) {
            throw new ProblemException(Problem.of("precondition-required", "If-Match required", 428,
                    "Name the version you delete: If-Match: \"<version>\" (GET the template for its ETag).", null));
        }
        if (templates.delete(code, expected).isEmpty()) {
            if (templates.find(code).isEmpty()) {
                throw notFound(code);
            }
            throw new ProblemException(Problem.of("version-mismatch", "Changed meanwhile", 412,
                    "Template " + code + " is not at version " + expected + ".", null));
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void previewSaved(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.STAFF);
        String code = code(req);
        PreviewBody body = req.content().as(PreviewBody.class);
        if (body.template() != null) {
            throw Invalid.field("template", "send an unsaved template to /scheduler/v1/templates/preview");
        }
        MessageTemplate template = templates.find(code).orElseThrow(() -> notFound(code)).template();
        res.send(preview(template, body));
    }

    private void previewUnsaved(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.STAFF);
        PreviewBody body = req.content().as(PreviewBody.class);
        if (body.template() == null) {
            throw Invalid.field("template", "is required");
        }
        String code = body.template().code() == null ? "preview" : body.template().code();
        res.send(preview(template(code, body.template()), body));
    }

    private PreviewView preview(MessageTemplate template, PreviewBody body) {
        if (body.memberId() == null) {
            throw Invalid.field("memberId", "is required");
        }
        CauseFacts cause;
        try {
            cause = new CauseFacts(null, body.voucherCode(), null, null, null);
        } catch (IllegalArgumentException e) {
            throw Invalid.from(e, null);
        }
        var recipient = switch (members.recipient(body.memberId())) {
            case MemberDirectory.Found found -> found.recipient();
            case MemberDirectory.Gone gone -> throw new ProblemException(Problem.of("member-not-found",
                    "No such member", 404, "Member " + body.memberId() + ": " + gone.reason() + ".", "memberId"));
            case MemberDirectory.Unavailable unavailable -> throw new ProblemException(Problem.of("core-unavailable",
                    "Service unavailable", 503, "The core did not answer for the member: " + unavailable.reason(), null));
        };
        Links links = this.links.get();
        var facts = recipient.facts().with(cause, cause.voucherCode() == null ? null : links.voucherQr(cause.voucherCode()),
                template.channel() == Channel.EMAIL ? links.unsubscribePreview() : null);
        return switch (renderer.render(template, facts)) {
            case Rendering.Rendered r -> new PreviewView(r.language(), r.fellBack(), r.subject(), r.textBody(),
                    r.htmlBody(), r.missingVariables(),
                    template.channel() == Channel.SMS ? SmsSegmentCounter.count(r.textBody()) : null);
            case Rendering.Refused refused -> throw problems(refused.problems());
        };
    }

    /** The template the body describes under {@code code}, checked as a save would check it. */
    private MessageTemplate template(String code, TemplateBody body) {
        if (body.code() != null && !body.code().equals(code)) {
            throw Invalid.field("code", "is " + code + " in the path; the body may leave it out or repeat it");
        }
        if (body.version() != null || body.updatedAt() != null || body.updatedBy() != null) {
            throw Invalid.field(body.version() != null ? "version" : body.updatedAt() != null ? "updatedAt" : "updatedBy",
                    "is set by the server; send the version you replace as If-Match");
        }
        MessageTemplate template;
        try {
            template = new MessageTemplate(code, body.channel(), body.fallbackLanguage(), body.variants());
        } catch (IllegalArgumentException e) {
            throw Invalid.from(e, null);
        }
        List<TemplateProblem> problems = renderer.check(template);
        if (!problems.isEmpty()) {
            throw problems(problems);
        }
        return template;
    }

    private static ProblemException problems(List<TemplateProblem> problems) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (TemplateProblem p : problems) {
            errors.add(new Problem.FieldError(p.field(), (p.line() > 0 ? "line " + p.line() + ": " : "") + p.message()));
        }
        return Invalid.all(errors);
    }

    private static String code(ServerRequest req) {
        String code = RequestParameters.path(req, "code");
        if (!code.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw Invalid.field("code", "must be 1-64 lowercase letters, digits or '-'");
        }
        return code;
    }

    private static ProblemException notFound(String code) {
        return new ProblemException(Problem.of("template-not-found", "No such template", 404,
                "There is no template " + code + ".", "code"));
    }

    private static TemplateBody view(PgTemplates.Stored stored) {
        MessageTemplate t = stored.template();
        return new TemplateBody(t.code(), t.channel(), t.fallbackLanguage(), t.variants(), stored.version(),
                stored.updatedAt(), stored.updatedBy());
    }
}
