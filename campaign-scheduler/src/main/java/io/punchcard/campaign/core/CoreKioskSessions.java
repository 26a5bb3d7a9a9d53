package io.punchcard.campaign.core;

import java.util.function.Supplier;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.OpenKioskSession;
import io.punchcard.campaign.message.OneTimeCodes;
import io.punchcard.campaign.message.OneTimeCodes.Sessions.Opening;

/**
 * Kiosk sessions opened in the core for a phone number a one-time code proved ({@code POST /api/v1/kiosk/sessions}
 * with {@code phone} and {@code kioskKey}), with the scheduler's CONNECTOR key: a KIOSK key alone cannot open a
 * session by phone, so a stolen one cannot act for a member whose phone it does not hold.
 */
public final class CoreKioskSessions implements OneTimeCodes.Sessions {

    private final Supplier<PunchcardClient> core;

    public CoreKioskSessions(Supplier<PunchcardClient> core) {
        this.core = core;
    }

    @Override
    public Opening open(String phone, String kioskKey) {
        try {
            return new Opening.Opened(core.get().openKioskSession(OpenKioskSession.byPhone(phone, kioskKey)));
        } catch (PunchcardException e) {
            // Only this 404 says no member has the number: another (kiosk-key-not-found for a key revoked since
            // the scheduler checked it, or a core without the route) must not pass for a shopper to sign up.
            return noMember(e) ? new Opening.NoMember() : new Opening.Unavailable(e.getMessage());
        } catch (IllegalStateException e) {
            // Not connected to the core yet (the all-in-one app's first moments).
            return new Opening.Unavailable(e.getMessage());
        }
    }

    private static boolean noMember(PunchcardException e) {
        return e.status() == 404 && e.problem().type() != null
                && e.problem().type().getPath().endsWith("/member-not-found");
    }
}
