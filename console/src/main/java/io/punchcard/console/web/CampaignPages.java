package io.punchcard.console.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Json;
import io.punchcard.console.campaigns.Audience;
import io.punchcard.console.staff.Section;
import io.punchcard.platform.http.page.Form;

/**
 * The Campaigns section (admins and store managers), on the campaign scheduler's API in the person's staff session:
 * the campaigns with their status and what they did; a draft from one of the 3R starters; its main fields changed;
 * an audience built from a few questions with a live count; scheduled, paused, resumed and finished; its messages
 * previewed in each language; its results against the held-out members. Every change names the version the page
 * showed (If-Match), so a change someone made meanwhile is reported rather than undone. The scheduler's problems
 * are shown beside the field they name.
 */
public final class CampaignPages {

    /** The moves a page offers by status: the scheduler refuses any other (409), so none is shown. */
    private static final Map<String, List<String>> MOVES = Map.of(
            "DRAFT", List.of("schedule"),
            "SCHEDULED", List.of("unschedule", "finish"),
            "RUNNING", List.of("pause", "finish"),
            "PAUSED", List.of("resume", "finish"),
            "FINISHED", List.of());
    private static final String CHANGED_MEANWHILE = "Someone changed this campaign meanwhile. Reload the page to see "
            + "it as it is now, then make your change again.";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Screens screens;
    private final Supplier<Scheduler> scheduler;

    CampaignPages(Screens screens, Supplier<Scheduler> scheduler) {
        this.screens = screens;
        this.scheduler = scheduler;
    }

    /**
     * A campaign as the list shows it.
     *
     * @param id      its id
     * @param name    its name
     * @param family  ACQUIRE, RETAIN, REWARD, ...
     * @param status  DRAFT, SCHEDULED, RUNNING, PAUSED, FINISHED
     * @param done    effects done (members acted on)
     * @param heldOut members held out to measure it
     * @param spent   what it spent, in words
     */
    public record Row(String id, String name, String family, String status, long done, long heldOut, String spent) {
    }

    /** A starter: its code, title and what it does. */
    public record Starter(String code, String title, String description) {
    }

    /**
     * The main fields of a campaign's spec, as typed.
     *
     * @param name            its name
     * @param description     notes for staff
     * @param holdoutPercent  the share held out, as typed
     * @param attributionDays how long a purchase counts as its result, as typed
     */
    public record Fields(String name, String description, String holdoutPercent, String attributionDays) {

        static Fields of(JsonNode spec) {
            return new Fields(spec.path("name").asText(""), spec.path("description").asText(""),
                    spec.path("holdoutPercent").asText(""), spec.path("attributionDays").asText(""));
        }

        static Fields read(Form form) {
            return new Fields(form.get("name"), form.get("description"), form.get("holdoutPercent"),
                    form.get("attributionDays"));
        }
    }

    /**
     * A campaign's results against its held-out members.
     *
     * @param verdict   the verdict in words ("Not significant")
     * @param summary   the scheduler's sentence
     * @param treated   members treated
     * @param heldOut   members held out
     * @param available false when the scheduler could not compute them (then summary says why)
     */
    public record Results(String verdict, String summary, long treated, long heldOut, boolean available) {
    }

    /**
     * A message preview in one language.
     *
     * @param language the language's tag
     * @param subject  the subject (e-mail); empty for a text message
     * @param text     the text body
     */
    public record Preview(String language, String subject, String text) {
    }

    /** What the campaign page shows besides the campaign. */
    private record Extras(Fields fields, Audience audience, String count, String previewMember, List<Preview> previews,
                          Errors errors) {
    }

    void routing(HttpRules rules) {
        rules.get("/campaigns", screens.page(Section.CAMPAIGNS, this::list))
                .post("/campaigns", screens.form(Section.CAMPAIGNS, this::create))
                .get("/campaigns/{id}", screens.page(Section.CAMPAIGNS, this::show))
                .post("/campaigns/{id}", screens.form(Section.CAMPAIGNS, this::change))
                .post("/campaigns/{id}/count", screens.form(Section.CAMPAIGNS, this::count))
                .post("/campaigns/{id}/audience", screens.form(Section.CAMPAIGNS, this::saveAudience))
                .post("/campaigns/{id}/preview", screens.form(Section.CAMPAIGNS, this::preview))
                .post("/campaigns/{id}/move", screens.form(Section.CAMPAIGNS, this::move));
    }

    // ---- the list and a new draft

    private void list(ServerRequest req, ServerResponse res, Visit visit) {
        renderList(res, visit, Status.OK_200, "", "", Errors.none());
    }

    private void renderList(ServerResponse res, Visit visit, Status status, String id, String starter, Errors errors) {
        Scheduler.Reply campaigns = call(visit).get("/campaigns", token(visit));
        Scheduler.Reply starters = call(visit).get("/campaign-templates", token(visit));
        if (!campaigns.ok() || !starters.ok()) {
            unavailable(res, visit, campaigns.ok() ? starters : campaigns);
            return;
        }
        List<Row> rows = Scheduler.list(campaigns.body().path("campaigns")).stream().map(c -> new Row(
                c.path("id").asText(), c.path("spec").path("name").asText(), c.path("spec").path("family").asText(),
                c.path("status").asText(), c.path("effects").path("done").asLong(),
                c.path("effects").path("heldOut").asLong(), spent(c.path("spent")))).toList();
        List<Starter> templates = Scheduler.list(starters.body().path("templates")).stream().map(t -> new Starter(
                t.path("code").asText(), t.path("title").asText(), t.path("description").asText())).toList();
        screens.render(res, visit, status, "campaigns", "Campaigns", Section.CAMPAIGNS, Map.of("rows", rows,
                "starters", templates, "id", id, "starter", starter, "errors", errors));
    }

    private static String spent(JsonNode spent) {
        return spent.path("points").asLong() + " points, " + spent.path("vouchers").asLong() + " vouchers, "
                + spent.path("messages").asLong() + " messages";
    }

    private void create(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        String id = form.get("id").strip();
        String starter = form.get("starter");
        Map<String, String> errors = new LinkedHashMap<>();
        if (id.isEmpty()) {
            errors.put("id", "Give the campaign an id: lowercase letters, digits and '-', for example spring-win-back.");
        }
        if (starter.isEmpty()) {
            errors.put("starter", "Choose the starter to begin from.");
        }
        if (errors.isEmpty()) {
            Scheduler.Reply created = call(visit).send("POST", "/campaigns", token(visit), null,
                    Map.of("id", id, "fromTemplate", starter));
            if (created.ok()) {
                visit.session().notice("The draft " + id + " is made from the starter. Check it, then schedule it.");
                Screens.redirect(res, Paths.of(Section.CAMPAIGNS) + "/" + id);
                return;
            }
            if (!fieldsOf(created, Map.of("id", "id", "fromTemplate", "starter"), errors)) {
                unavailable(res, visit, created);
                return;
            }
        }
        renderList(res, visit, Status.create(422), id, starter, new Errors(errors));
    }

    // ---- one campaign

    private void show(ServerRequest req, ServerResponse res, Visit visit) {
        Scheduler.Reply campaign = campaign(visit, req);
        if (!campaign.ok()) {
            unavailable(res, visit, campaign);
            return;
        }
        JsonNode spec = campaign.body().path("spec");
        Audience audience = savedAudience(spec);
        renderCampaign(res, visit, Status.OK_200, campaign.body(), new Extras(Fields.of(spec), audience,
                audience == null ? null : countOf(visit, audience, new LinkedHashMap<>()), "", List.of(),
                Errors.none()));
    }

    private void renderCampaign(ServerResponse res, Visit visit, Status status, JsonNode campaign, Extras extras) {
        String id = campaign.path("id").asText();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("status", campaign.path("status").asText());
        model.put("version", campaign.path("version").asLong());
        model.put("family", campaign.path("spec").path("family").asText());
        model.put("trigger", campaign.path("spec").path("trigger").toString());
        model.put("actions", Scheduler.list(campaign.path("spec").path("actions")).stream().map(JsonNode::toString)
                .toList());
        model.put("savedRule", campaign.path("spec").path("audience").toString());
        model.put("moves", MOVES.getOrDefault(campaign.path("status").asText(), List.of()));
        model.put("templates", messageTemplates(campaign.path("spec")));
        model.put("fields", extras.fields());
        model.put("audience", extras.audience());
        model.put("count", extras.count());
        model.put("previewMember", extras.previewMember());
        model.put("previews", extras.previews());
        model.put("errors", extras.errors());
        model.put("results", results(visit, id));
        screens.render(res, visit, status, "campaign", campaign.path("spec").path("name").asText(id),
                Section.CAMPAIGNS, model);
    }

    private void change(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Scheduler.Reply campaign = campaign(visit, req);
        if (!campaign.ok()) {
            unavailable(res, visit, campaign);
            return;
        }
        Fields fields = Fields.read(form);
        ObjectNode spec = campaign.body().path("spec").deepCopy();
        spec.put("name", fields.name());
        if (fields.description().isBlank()) {
            spec.remove("description");
        } else {
            spec.put("description", fields.description());
        }
        putNumber(spec, "holdoutPercent", fields.holdoutPercent());
        putNumber(spec, "attributionDays", fields.attributionDays());
        Extras typed = new Extras(fields, savedAudience(campaign.body().path("spec")), null, "", List.of(),
                Errors.none());
        save(res, visit, form, campaign.body(), spec, typed, "The campaign is saved.",
                Map.of("name", "name", "description", "description", "holdoutPercent", "holdoutPercent",
                        "attributionDays", "attributionDays"));
    }

    /** A number as a number; anything else as typed, for the scheduler to name as the mistake it is. */
    private static void putNumber(ObjectNode spec, String field, String typed) {
        if (typed.isBlank()) {
            spec.remove(field);
            return;
        }
        try {
            spec.put(field, Long.parseLong(typed.strip()));
        } catch (NumberFormatException e) {
            spec.put(field, typed);
        }
    }

    /** The builder's answers, counted now: the fragment htmx puts in place, or the page without JavaScript. */
    private void count(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Audience audience = readAudience(form);
        Map<String, String> errors = new LinkedHashMap<>();
        String count = countOf(visit, audience, errors);
        if (req.headers().contains(io.helidon.http.HeaderNames.create("HX-Request"))) {
            // htmx puts a 200 in place only: the sentence of a refused count is an answer too.
            screens.fragment(res, Status.OK_200, "audience-count", Map.of("text", count != null ? count
                    : errors.values().iterator().next(), "failed", count == null));
            return;
        }
        Scheduler.Reply campaign = campaign(visit, req);
        if (!campaign.ok()) {
            unavailable(res, visit, campaign);
            return;
        }
        renderCampaign(res, visit, errors.isEmpty() ? Status.OK_200 : Status.create(422), campaign.body(),
                new Extras(Fields.of(campaign.body().path("spec")), audience, count, "", List.of(),
                        new Errors(errors)));
    }

    private void saveAudience(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Scheduler.Reply campaign = campaign(visit, req);
        if (!campaign.ok()) {
            unavailable(res, visit, campaign);
            return;
        }
        Audience audience = readAudience(form);
        ObjectNode spec = campaign.body().path("spec").deepCopy();
        if (audience.isEveryone()) {
            spec.remove("audience");
        } else {
            spec.set("audience", Json.mapper().valueToTree(Map.of("rule", audience.rule())));
        }
        Extras typed = new Extras(Fields.of(campaign.body().path("spec")), audience, null, "", List.of(),
                Errors.none());
        Map<String, String> paths = new LinkedHashMap<>();
        for (String field : Audience.FIELDS) {
            paths.put(field, field);
        }
        save(res, visit, form, campaign.body(), spec, typed, "The audience is saved.", paths);
    }

    /**
     * Replaces the spec at the version the page showed. A 400's fields go beside the form's fields ({@code
     * fieldByPath}: the spec's path to the form's field; an audience's conditions by their place); a 412 says
     * someone changed it meanwhile.
     */
    private void save(ServerResponse res, Visit visit, Form form, JsonNode campaign, ObjectNode spec, Extras typed,
                      String notice, Map<String, String> fieldByPath) {
        String id = campaign.path("id").asText();
        Scheduler.Reply saved = call(visit).send("PUT", "/campaigns/" + id, token(visit), version(form), spec);
        if (saved.ok()) {
            visit.session().notice(notice);
            Screens.redirect(res, Paths.of(Section.CAMPAIGNS) + "/" + id);
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (saved.status() == 412) {
            errors.put("reload", CHANGED_MEANWHILE);
        } else if (saved.status() == 400 || saved.status() == 409) {
            saved.fieldErrors().forEach((path, detail) -> {
                String field = fieldByPath.get(path);
                if (field == null && typed.audience() != null && path.startsWith("audience")) {
                    field = typed.audience().fieldOf(path);
                }
                errors.putIfAbsent(field == null ? "campaign-error" : field, field == null ? path + ": " + detail
                        : detail);
            });
            if (errors.isEmpty()) {
                errors.put("campaign-error", saved.detail());
            }
        } else {
            unavailable(res, visit, saved);
            return;
        }
        renderCampaign(res, visit, Status.create(saved.status() == 412 ? 412 : 422), campaign, new Extras(
                typed.fields(), typed.audience(), typed.count(), "", List.of(), new Errors(errors)));
    }

    private void move(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Scheduler.Reply campaign = campaign(visit, req);
        if (!campaign.ok()) {
            unavailable(res, visit, campaign);
            return;
        }
        String move = form.get("move");
        if (!List.of("schedule", "unschedule", "pause", "resume", "finish").contains(move)) {
            screens.problem(res, visit, Status.BAD_REQUEST_400, "No such step",
                    "A campaign can be scheduled, unscheduled, paused, resumed or finished.");
            return;
        }
        String id = campaign.body().path("id").asText();
        Scheduler.Reply moved = call(visit).send("POST", "/campaigns/" + id + "/" + move, token(visit),
                version(form), null);
        if (moved.ok()) {
            visit.session().notice("The campaign is " + moved.body().path("status").asText().toLowerCase(
                    java.util.Locale.ROOT) + ".");
            Screens.redirect(res, Paths.of(Section.CAMPAIGNS) + "/" + id);
            return;
        }
        if (moved.status() != 412 && moved.status() != 409) {
            unavailable(res, visit, moved);
            return;
        }
        JsonNode spec = campaign.body().path("spec");
        renderCampaign(res, visit, Status.create(moved.status()), campaign.body(), new Extras(Fields.of(spec),
                savedAudience(spec), null, "", List.of(), new Errors(Map.of(moved.status() == 412 ? "reload"
                : "moves", moved.status() == 412 ? CHANGED_MEANWHILE : moved.detail()))));
    }

    /**
     * A message template of the campaign rendered for one member in each language it has: the saved template is
     * read, then each of its variants rendered alone by the scheduler's preview of an unsaved template, so every
     * language is seen, not only the member's.
     */
    private void preview(ServerRequest req, ServerResponse res, Visit visit, Form form) {
        Scheduler.Reply campaign = campaign(visit, req);
        if (!campaign.ok()) {
            unavailable(res, visit, campaign);
            return;
        }
        String code = form.get("template");
        String member = form.get("member").strip();
        Map<String, String> errors = new LinkedHashMap<>();
        List<Preview> previews = new ArrayList<>();
        Scheduler.Reply template = call(visit).get("/templates/" + java.net.URLEncoder.encode(code,
                java.nio.charset.StandardCharsets.UTF_8), token(visit));
        if (!template.ok()) {
            errors.put("template", template.status() == 0 ? template.detail() : "There is no message template "
                    + code + " at the scheduler.");
        } else {
            var variants = template.body().path("variants").fields();
            while (variants.hasNext() && errors.isEmpty()) {
                var variant = variants.next();
                Map<String, Object> alone = new LinkedHashMap<>();
                alone.put("channel", template.body().path("channel").asText());
                alone.put("fallbackLanguage", variant.getKey());
                alone.put("variants", Map.of(variant.getKey(), variant.getValue()));
                Scheduler.Reply rendered = call(visit).send("POST", "/templates/preview", token(visit), null,
                        Map.of("memberId", member, "template", alone));
                if (rendered.ok()) {
                    previews.add(new Preview(variant.getKey(), rendered.body().path("subject").asText(""),
                            rendered.body().path("textBody").asText("")));
                } else if (rendered.status() == 400 || rendered.status() == 404) {
                    errors.put("member", "memberId".equals(rendered.body().path("field").asText())
                            ? "Enter the id of a member to render the message for (from their page in Members)."
                            : rendered.detail());
                } else {
                    unavailable(res, visit, rendered);
                    return;
                }
            }
        }
        JsonNode spec = campaign.body().path("spec");
        renderCampaign(res, visit, errors.isEmpty() ? Status.OK_200 : Status.create(422), campaign.body(),
                new Extras(Fields.of(spec), savedAudience(spec), null, member, previews, new Errors(errors)));
    }

    // ---- reading the scheduler

    private Scheduler call(Visit visit) {
        Scheduler connected = scheduler.get();
        if (connected == null) {
            throw new IllegalStateException("The console is not connected to the campaign scheduler yet");
        }
        return connected;
    }

    private static String token(Visit visit) {
        return visit.session().coreToken();
    }

    private Scheduler.Reply campaign(Visit visit, ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        if (!id.matches("[a-z0-9][a-z0-9-]{0,54}")) {
            return new Scheduler.Reply(404, Json.mapper().createObjectNode(), null);
        }
        return call(visit).get("/campaigns/" + id, token(visit));
    }

    private static Long version(Form form) {
        try {
            return Long.parseLong(form.get("version"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Audience readAudience(Form form) {
        return new Audience(form.optional("tiers"), form.optional("languages"), form.optional("minPurchases"),
                form.optional("boughtWithinDays"), "yes".equals(form.optional("emailConsent")));
    }

    /** The builder's answers to the saved audience; null when it is a rule this builder does not write. */
    private static Audience savedAudience(JsonNode spec) {
        JsonNode audience = spec.path("audience");
        if (audience.has("segment")) {
            return null;
        }
        return Audience.of(audience.has("rule") ? Json.mapper().convertValue(audience.path("rule"), OBJECT) : null);
    }

    /** "1,204 members" now, or null with the scheduler's problems put beside the questions. */
    private String countOf(Visit visit, Audience audience, Map<String, String> errors) {
        Scheduler.Reply counted = call(visit).send("POST", "/segments/preview", token(visit), null,
                Map.of("rule", audience.ruleToCount()));
        if (counted.ok()) {
            long count = counted.body().path("count").asLong();
            return String.format(java.util.Locale.ROOT, "%,d %s", count, count == 1 ? "member" : "members");
        }
        if (counted.status() == 400) {
            counted.fieldErrors().forEach((path, detail) -> {
                String field = audience.fieldOf(path);
                errors.putIfAbsent(field == null ? "tiers" : field, detail);
            });
        } else {
            errors.put("tiers", "The members cannot be counted just now: " + counted.detail());
        }
        return null;
    }

    private Results results(Visit visit, String id) {
        Scheduler.Reply results = call(visit).get("/campaigns/" + id + "/results", token(visit));
        if (!results.ok()) {
            return new Results("", "The results cannot be shown just now: " + results.detail(), 0, 0, false);
        }
        JsonNode r = results.body().path("results");
        String verdict = switch (r.path("verdict").asText()) {
            case "SIGNIFICANT_UPLIFT" -> "Significant uplift";
            case "SIGNIFICANT_DROP" -> "Significant drop";
            case "NOT_SIGNIFICANT" -> "Not significant";
            case "TOO_FEW_MEMBERS" -> "Too few members to tell";
            default -> r.path("verdict").asText();
        };
        return new Results(verdict, r.path("summary").asText(), r.path("treated").path("members").asLong(),
                r.path("heldOut").path("members").asLong(), true);
    }

    /** The codes of the message templates the campaign's actions send. */
    private static List<String> messageTemplates(JsonNode spec) {
        return Scheduler.list(spec.path("actions")).stream().filter(a -> "sendMessage".equals(a.path("type")
                .asText())).map(a -> a.path("template").asText()).distinct().toList();
    }

    /**
     * A 404 as "no such campaign"; an ended staff session (the scheduler asks the core) as the core's would be, by
     * the login page; a password to change by its page; a refusal as "not for your role"; anything else as the
     * scheduler being away.
     */
    private void unavailable(ServerResponse res, Visit visit, Scheduler.Reply reply) {
        if (reply.status() == 401 && reply.type().startsWith("staff-session")) {
            screens.sessions().forget(visit.session());
            Screens.redirect(res, Paths.LOGIN + "?why=ended");
        } else if (reply.status() == 403 && reply.type().equals("password-change-required")) {
            Screens.redirect(res, Paths.PASSWORD);
        } else if (reply.status() == 404) {
            screens.problem(res, visit, Status.NOT_FOUND_404, "No such campaign",
                    "There is no campaign at this address. Go back to the Campaigns list.");
        } else if (reply.status() == 403) {
            screens.problem(res, visit, Status.FORBIDDEN_403, "Not for your role", reply.detail());
        } else {
            screens.problem(res, visit, Status.SERVICE_UNAVAILABLE_503, "The campaign scheduler is not answering",
                    "The console cannot reach the campaign scheduler just now. Try again in a minute.");
        }
    }

    /** Puts each field a 400/409 blames into errors by the form's name; false when it names none we show. */
    private static boolean fieldsOf(Scheduler.Reply reply, Map<String, String> formField, Map<String, String> errors) {
        if (reply.status() != 400 && reply.status() != 409) {
            return false;
        }
        reply.fieldErrors().forEach((path, detail) -> errors.putIfAbsent(formField.getOrDefault(path, "id"),
                detail));
        if (errors.isEmpty()) {
            errors.put("id", reply.detail());
        }
        return true;
    }
}
