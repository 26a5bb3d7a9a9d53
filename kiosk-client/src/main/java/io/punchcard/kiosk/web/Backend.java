package io.punchcard.kiosk.web;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.kiosk.core.Catalogue;
import io.punchcard.kiosk.core.OneTimeCodes;

/**
 * What the kiosk's pages talk to: the core with the kiosk's key, the program as the kiosk shows it, and the
 * scheduler's one-time codes (null when no scheduler is configured).
 */
public record Backend(PunchcardClient core, Catalogue catalogue, OneTimeCodes codes) {
}
