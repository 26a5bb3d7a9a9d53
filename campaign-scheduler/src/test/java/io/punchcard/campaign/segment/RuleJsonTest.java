package io.punchcard.campaign.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.punchcard.api.Json;

/** What a manager sends as a rule: read into the tree when it is right, every problem named by its path when not. */
class RuleJsonTest {

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<RuleProblem> problems(String rule) {
        return assertInstanceOf(RuleJson.Refused.class, RuleJson.read(json(rule), "rule")).problems();
    }

    static Rule rule(String rule) {
        return assertInstanceOf(RuleJson.Read.class, RuleJson.read(json(rule), "rule")).rule();
    }

    @Test
    void aTreeOfEveryKindOfConditionReadsAndWritesBackTheSame() {
        String text = "{'all':[{'field':'tier','op':'in','value':['GOLD','SILVER']},"
                + "{'any':[{'field':'lastPurchaseAt','op':'before','value':{'daysAgo':60}},"
                + "{'field':'joinedAt','op':'between','value':['2026-01-01',{'daysFromNow':7}]},"
                + "{'field':'lastPurchaseAt','op':'withinLast','value':{'days':30}}]},"
                + "{'not':{'field':'tags','op':'containsAny','value':['vip','staff']}},"
                + "{'field':'consents.email','op':'eq','value':true},"
                + "{'field':'spend.d90','op':'between','value':[1000,50000]},"
                + "{'field':'points.expiringWithin','op':'gte','value':100,'days':30},"
                + "{'field':'boughtCategory','op':'contains','value':'shoes','days':90},"
                + "{'field':'birthday','op':'withinNext','value':{'days':7}},"
                + "{'field':'preferredStore','op':'exists'}]}";
        Rule rule = rule(text);

        assertEquals(json(text), RuleJson.write(rule));
        Rule.All all = assertInstanceOf(Rule.All.class, rule);
        assertEquals(new Rule.Condition(Field.TIER, Op.IN, new Rule.Value.Texts(List.of("GOLD", "SILVER"))),
                all.rules().get(0));
        assertEquals(new Rule.Condition(Field.POINTS_EXPIRING_WITHIN, Op.GTE, new Rule.Value.Whole(100), 30),
                all.rules().get(5));
    }

    @Test
    void aWrongValueIsNamedByItsPathInTheTree() {
        assertEquals(List.of(new RuleProblem("rule.all[2].any[0].value", "must be a list of tier codes")),
                problems("{'all':[{'field':'tier','op':'eq','value':'GOLD'},{'field':'purchases','op':'gt','value':0},"
                        + "{'any':[{'field':'tier','op':'in','value':'GOLD'}]}]}"));
        assertEquals(List.of(new RuleProblem("rule.value[1]", "must be a tier code")),
                problems("{'field':'tier','op':'in','value':['GOLD',7]}"));
    }

    @Test
    void anUnknownFieldOrOperatorOrKeyIsRefused() {
        assertEquals(List.of(new RuleProblem("rule.field", "is not a field a rule knows; see docs/segments.md for the fields")),
                problems("{'field':'password','op':'eq','value':'x'}"));
        assertEquals(List.of(new RuleProblem("rule.op", "is not an operator; see docs/segments.md for the operators")),
                problems("{'field':'tier','op':'like','value':'G%'}"));
        assertEquals("rule.sql", problems("{'field':'tier','op':'eq','value':'G','sql':'1=1'}").get(0).path());
        assertEquals("rule", problems("{'all':[{'field':'tier','op':'exists'}],'any':[]}").get(0).path());
    }

    @Test
    void anOperatorThatDoesNotFitTheFieldsTypeIsRefused() {
        RuleProblem p = problems("{'field':'consents.sms','op':'gt','value':true}").get(0);
        assertEquals("rule.op", p.path());
        assertTrue(p.message().startsWith("gt does not apply to consents.sms (true or false); use one of eq"), p.message());
        assertEquals("rule.op", problems("{'field':'tier','op':'before','value':'2026-01-01'}").get(0).path());
        assertEquals("rule.op", problems("{'field':'tags','op':'eq','value':'vip'}").get(0).path());
    }

    @Test
    void aValueOfTheWrongTypeOrOutsideTheFieldsDomainIsRefused() {
        assertEquals(List.of(new RuleProblem("rule.value", "must be true or false")),
                problems("{'field':'consents.email','op':'eq','value':'yes'}"));
        assertEquals("rule.value", problems("{'field':'purchases','op':'gt','value':1.5}").get(0).path());
        assertEquals("rule.value", problems("{'field':'purchases','op':'gt','value':'10'}").get(0).path());
        assertEquals("rule.value", problems("{'field':'purchases','op':'gt','value':-1}").get(0).path());
        assertEquals("rule.value", problems("{'field':'birthdayMonth','op':'eq','value':13}").get(0).path());
        assertEquals("rule.value", problems("{'field':'timeZone','op':'eq','value':'Mars/Olympus'}").get(0).path());
        assertEquals("rule.value", problems("{'field':'status','op':'eq','value':'DELETED'}").get(0).path());
        assertEquals("rule.value", problems("{'field':'tier','op':'eq','value':'" + "x".repeat(101) + "'}").get(0).path());
        assertEquals("rule.value", problems("{'field':'joinedAt','op':'before','value':'31/01/2026'}").get(0).path());
        assertEquals("rule.value", problems("{'field':'tier','op':'exists','value':'GOLD'}").get(0).path());
        assertEquals("rule.value[1]", problems("{'field':'joinedAt','op':'between','value':['2026-02-01','2026-01-01x']}")
                .get(0).path());
        assertEquals("rule.value", problems("{'field':'joinedAt','op':'between','value':['2026-02-01','2026-01-01']}")
                .get(0).path());
        assertEquals("rule.value", problems("{'field':'spend','op':'between','value':[10,1]}").get(0).path());
    }

    @Test
    void daysMustBeWithinTheirLimits() {
        assertEquals("rule.value.days", problems("{'field':'lastPurchaseAt','op':'withinLast','value':{'days':0}}")
                .get(0).path());
        assertEquals("rule.value.days", problems("{'field':'lastPurchaseAt','op':'withinLast','value':{'days':3651}}")
                .get(0).path());
        assertEquals("rule.value.daysAgo", problems("{'field':'joinedAt','op':'after','value':{'daysAgo':-1}}")
                .get(0).path());
        assertEquals(List.of(new RuleProblem("rule.days", "must be a number of days, a whole number from 1 to 90")),
                problems("{'field':'points.expiringWithin','op':'gt','value':0,'days':91}"));
        assertEquals("rule.days", problems("{'field':'boughtCategory','op':'contains','value':'shoes'}").get(0).path());
        assertEquals("rule.days", problems("{'field':'tier','op':'eq','value':'GOLD','days':3}").get(0).path());
    }

    @Test
    void anEmptyGroupIsRefused() {
        assertEquals(List.of(new RuleProblem("rule.any[0].all", "must be a list of at least one rule")),
                problems("{'any':[{'all':[]}]}"));
        assertEquals("rule.not", problems("{'not':null}").get(0).path());
    }

    @Test
    void aTreeDeeperThanTenLevelsIsRefused() {
        String ten = "{'not':".repeat(9) + "{'field':'tier','op':'exists'}" + "}".repeat(9);
        rule(ten);
        String eleven = "{'not':" + ten + "}";
        RuleProblem p = problems(eleven).get(0);
        assertEquals("rule" + ".not".repeat(10), p.path());
        assertEquals("nests deeper than 10 levels", p.message());
    }

    @Test
    void aTreeOfMoreThanTwoHundredConditionsIsRefused() {
        String condition = "{'field':'purchases','op':'gt','value':1}";
        rule("{'any':[" + String.join(",", java.util.Collections.nCopies(200, condition)) + "]}");
        List<RuleProblem> p = problems("{'any':[" + String.join(",", java.util.Collections.nCopies(201, condition)) + "]}");
        assertEquals(new RuleProblem("rule", "has 201 conditions; at most 200 are allowed"), p.get(0));
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        assertEquals(List.of("rule.all[0].value", "rule.all[1].field", "rule.all[2].op"),
                problems("{'all':[{'field':'consents.sms','op':'eq','value':1},{'field':'nope','op':'eq','value':1},"
                        + "{'field':'tier','op':'lt','value':'GOLD'}]}").stream().map(RuleProblem::path).toList());
    }
}
