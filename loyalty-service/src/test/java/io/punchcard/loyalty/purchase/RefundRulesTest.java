package io.punchcard.loyalty.purchase;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.punchcard.api.v1.RecordRefund;
import io.punchcard.loyalty.program.Checked;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Refunds in parts give back exactly what one refund of everything would: no point left over, none too many. */
class RefundRulesTest {

    @Test
    void threeThirdsOfTheMoneyGiveBackAllTheEligibleSpendAndAllThePoints() {
        long total = 1000;
        long eligible = 999;
        long earned = 99;
        long refundedMoney = 0;
        long refundedEligible = 0;
        long reversed = 0;
        for (long part : new long[] {333, 333, 334}) {
            long eligibleNow = RefundRules.eligibleOfAmount(refundedMoney, part, total, eligible);
            reversed += RefundRules.pointsToReverse(earned, eligible, refundedEligible, eligibleNow, reversed);
            refundedMoney += part;
            refundedEligible += eligibleNow;
        }

        assertEquals(eligible, refundedEligible);
        assertEquals(earned, reversed);
    }

    @Test
    void aLineReturnedOnePieceAtATimeGivesBackExactlyItsEligibleSpend() {
        List<RefundRules.BoughtLine> bought = List.of(new RefundRules.BoughtLine("SOCKS", BigDecimal.valueOf(3), 1000));
        Map<String, BigDecimal> before = new HashMap<>();
        long refundedEligible = 0;
        long reversed = 0;
        List<Long> each = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Checked<Long> now = RefundRules.eligibleOfLines(bought,
                    List.of(new RecordRefund.ReturnedLine("SOCKS", BigDecimal.ONE)), before);
            long eligibleNow = ((Checked.Ok<Long>) now).value();
            long reversing = RefundRules.pointsToReverse(10, 1000, refundedEligible, eligibleNow, reversed);
            each.add(reversing);
            reversed += reversing;
            refundedEligible += eligibleNow;
            before.merge("SOCKS", BigDecimal.ONE, BigDecimal::add);
        }

        assertEquals(1000, refundedEligible, "333 + 334 + 333, not 3 × 333");
        assertEquals(10, reversed);
        // Each refund takes back the points of everything returned so far, rounded down, less what was taken:
        // ⌊10 × 333/1000⌋ = 3, ⌊10 × 667/1000⌋ − 3 = 3, 10 − 6 = 4.
        assertEquals(List.of(3L, 3L, 4L), each);
    }
}
