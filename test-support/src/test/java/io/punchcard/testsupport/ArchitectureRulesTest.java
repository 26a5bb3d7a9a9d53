package io.punchcard.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureRulesTest {

    private final JavaClasses fixture = new ClassFileImporter().importPackages("io.punchcard.archfixture");

    @Test
    void aDomainClassThatImportsJdbcBreaksTheRule() {
        EvaluationResult result = ArchitectureRules.domainIsFreeOfIo("io.punchcard.archfixture").evaluate(fixture);

        assertTrue(result.hasViolation());
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains("LeakyLedger"), report);
        assertFalse(report.contains("JdbcLedger"), "edge packages may use JDBC: " + report);
        assertFalse(report.contains("CleanLedger"), report);
    }

    @Test
    void aModuleWithoutDomainClassesPasses() {
        EvaluationResult result = ArchitectureRules.domainIsFreeOfIo("io.punchcard.nothing.here").evaluate(fixture);

        assertFalse(result.hasViolation());
    }
}
