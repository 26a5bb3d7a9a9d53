package io.punchcard.kiosk.web;

import java.util.List;

import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.PurchasePage;
import io.punchcard.api.v1.VoucherView;
import io.punchcard.kiosk.codes.Barcodes;
import io.punchcard.kiosk.core.Catalogue;
import io.punchcard.kiosk.text.Formats;
import io.punchcard.kiosk.text.Language;
import io.punchcard.kiosk.text.Messages;

/**
 * A member's account as the home and confirm screens say it, in the shopper's language: what the core answered,
 * turned into the screens' models. It reads and writes nothing.
 */
final class AccountView {

    private final Language language;
    private final Messages messages;
    private final Catalogue.Program program;
    private final Formats formats;

    /** @param currency the kiosk's currency, or null for the program's */
    AccountView(Language language, Messages messages, Catalogue.Program program, String currency) {
        this.language = language;
        this.messages = messages;
        this.program = program;
        this.formats = new Formats(language, program.zone(), currency == null ? program.currency() : currency, messages);
    }

    Formats formats() {
        return formats;
    }

    /** The home screen of the member {@code summary} is about. */
    Views.Home home(MemberSummary summary, List<VoucherView> vouchers, List<PurchasePage.Item> purchases,
                    String notice) {
        List<Views.Line> pending = summary.pending().stream()
                .map(p -> new Views.Line(formats.points(p.points()), formats.date(p.availableAt()))).toList();
        String expiring = summary.expiringPoints() > 0 && summary.expiringFrom() != null
                ? t("home.expiring", formats.points(summary.expiringPoints()), formats.date(summary.expiringFrom()))
                : null;
        List<Views.Voucher> shown = vouchers.stream().filter(v -> "ISSUED".equals(v.status()))
                .map(v -> new Views.Voucher(v.code(), voucherName(v),
                        v.validUntil() == null ? null : t("home.valid-until", formats.date(v.validUntil())),
                        Barcodes.qrSvg(v.code(), t("home.voucher.qr", v.code())),
                        Barcodes.code128Svg(v.code(), t("home.voucher.barcode", v.code()))))
                .toList();
        List<Views.Reward> rewards = program.rewards().stream()
                .map(r -> reward(r, summary.availablePoints())).toList();
        List<Views.Purchase> lines = purchases.stream().map(p -> new Views.Purchase(formats.dateTime(p.occurredAt()),
                "ONLINE".equals(p.channel()) ? t("home.purchase.online") : t("home.purchase.store", p.store()),
                formats.money(p.totalMinor()), t("home.purchase.points", formats.points(p.pointsEarned()))))
                .toList();
        MemberSummary.TierProgress progress = summary.progress();
        return new Views.Home(t("home.greeting", summary.displayName()), formats.points(summary.availablePoints()),
                pending, summary.tierName(), formats.tierProgress(progress, progress == null || progress.nextTier() == null
                        ? null : program.tierName(progress.nextTier()), summary.asOf()),
                expiring, shown, rewards, lines, notice, null);
    }

    /** A reward of the catalogue, and whether {@code available} points buy it. */
    Views.Reward reward(Catalogue.Reward reward, long available) {
        String name = reward.name() != null ? reward.name()
                : reward.amountOffMinor() != null ? t("reward.amount-off", formats.money(reward.amountOffMinor()))
                : reward.code();
        return new Views.Reward(reward.code(), name, formats.points(reward.pointsPrice()),
                available >= reward.pointsPrice());
    }

    private String voucherName(VoucherView voucher) {
        if (voucher.name() != null && !voucher.name().isBlank()) {
            return voucher.name();
        }
        return switch (voucher.kind() == null ? "" : voucher.kind()) {
            case "AMOUNT_OFF" -> t("reward.amount-off", formats.money(voucher.amountMinor()));
            case "PERCENT_OFF" -> t("reward.percent-off", voucher.percentOff());
            default -> t("home.voucher");
        };
    }

    private String t(String key, Object... arguments) {
        return messages.text(language, key, arguments);
    }
}
