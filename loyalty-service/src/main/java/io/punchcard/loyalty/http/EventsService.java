package io.punchcard.loyalty.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.v1.EventPage;
import io.punchcard.loyalty.event.Events;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.store.PgEvents;
import io.punchcard.platform.http.ProblemException;

/** {@code GET /api/v1/events?after=&limit=}: the domain events feed, oldest first. */
public final class EventsService implements HttpService {

    private final Events events;

    public EventsService(Events events) {
        this.events = events;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::feed);
    }

    private void feed(ServerRequest req, ServerResponse res) {
        String after = req.query().first("after").orElse(null);
        try {
            PgEvents.parse(after);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("after", e.getMessage() + "; pass the 'next' of the previous page.");
        }
        int limit = (int) Requests.number(req, "limit", 100, 1, Limits.MAX_EVENTS_PAGE);
        Events.Page page = events.after(after, limit);
        res.send(new EventPage(page.events().stream().map(s -> new EventPage.FeedEvent(s.position(), s.id(),
                s.type(), s.memberId() == null ? null : s.memberId().toString(), s.payload(), s.at())).toList(),
                page.next()));
    }
}
