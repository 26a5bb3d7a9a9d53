package io.punchcard.campaign.http;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.campaign.message.Links;
import io.punchcard.campaign.message.OptOuts;
import io.punchcard.campaign.message.UnsubscribeToken;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/**
 * {@code /unsubscribe/{token}}: the link in every marketing e-mail. {@code POST} unsubscribes at once, without a
 * login: what a mail client's one-click button sends (RFC 8058, {@code List-Unsubscribe=One-Click}) and what the
 * page's button sends. {@code GET} only shows that button, since mail scanners open links on their own and must
 * not unsubscribe anyone. The token is signed for one member, message and channel; it works as often as it is
 * used, and says the same each time.
 */
final class UnsubscribeService implements HttpService {

    /** What an unsubscribe did, for a caller that is not a browser. */
    record Unsubscribed(String channel, int cancelled, boolean coreUpdated) {
    }

    private final Supplier<Links> links;
    private final OptOuts optOuts;

    UnsubscribeService(Supplier<Links> links, OptOuts optOuts) {
        this.links = links;
        this.optOuts = optOuts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{token}", this::confirm).post("/{token}", this::unsubscribe);
    }

    private void confirm(ServerRequest req, ServerResponse res) {
        UnsubscribeToken.Claims claims = claims(req, res).orElse(null);
        if (claims == null) {
            return;
        }
        String channel = words(claims.channel());
        page(res, Status.OK_200, "Unsubscribe from " + channel, "<h1>Unsubscribe from " + channel + "?</h1>"
                + "<p>You will get no more offers from us by " + channel + ". Receipts and codes you ask for still "
                + "come.</p><form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>");
    }

    private void unsubscribe(ServerRequest req, ServerResponse res) {
        UnsubscribeToken.Claims claims = claims(req, res).orElse(null);
        if (claims == null) {
            return;
        }
        OptOuts.Changed changed = optOuts.optOut(claims.memberId(), claims.channel(), "unsubscribe-link");
        if (wantsHtml(req)) {
            String channel = words(claims.channel());
            page(res, Status.OK_200, "Unsubscribed", "<h1>You are unsubscribed</h1><p>You will get no more offers "
                    + "from us by " + channel + ". You can subscribe again at the shop or the kiosk.</p>");
        } else {
            res.send(new Unsubscribed(claims.channel().name(), changed.cancelled(), changed.coreUpdated()));
        }
    }

    private Optional<UnsubscribeToken.Claims> claims(ServerRequest req, ServerResponse res) {
        String token = RequestParameters.path(req, "token");
        Optional<UnsubscribeToken.Claims> claims = UnsubscribeToken.verify(links.get().secret(), token);
        if (claims.isEmpty()) {
            if (wantsHtml(req)) {
                page(res, Status.NOT_FOUND_404, "Link not valid", "<h1>This link is not valid</h1><p>Copy the whole "
                        + "link from the e-mail, or use the unsubscribe link of a newer e-mail from us.</p>");
                return Optional.empty();
            }
            throw new ProblemException(Problem.of("invalid-link", "The link is not valid", 404,
                    "This unsubscribe link was not made by us, or was cut short.", "token"));
        }
        return claims;
    }

    private static boolean wantsHtml(ServerRequest req) {
        return req.headers().first(HeaderNames.ACCEPT).map(a -> a.toLowerCase(Locale.ROOT).contains("text/html"))
                .orElse(false)
                || req.headers().first(HeaderNames.CONTENT_TYPE)
                .map(c -> c.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")).orElse(false);
    }

    private static String words(io.punchcard.campaign.message.Channel channel) {
        return switch (channel) {
            case EMAIL -> "e-mail";
            case SMS -> "text message";
        };
    }

    /** A plain page; its text is ours alone, so nothing in it needs escaping. */
    private static void page(ServerResponse res, Status status, String title, String body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; style-src 'unsafe-inline'");
        res.send("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + title + "</title><style>body{font:18px/1.5 "
                + "system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em}button{font:inherit;padding:.6em "
                + "1.2em}button:focus{outline:3px solid #fd0}</style></head><body><main>" + body + "</main></body></html>");
    }
}
