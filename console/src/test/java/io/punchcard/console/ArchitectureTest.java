package io.punchcard.console;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.punchcard.testsupport.ArchitectureRules;
import java.util.Set;

/** The console's rules (roles, sections, session expiry, passwords) know nothing of HTTP: only {@code web} does. */
@AnalyzeClasses(packages = "io.punchcard.console", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule DOMAIN_IS_FREE_OF_IO = ArchitectureRules.domainIsFreeOfIo("io.punchcard.console",
            Set.of("web"));
}
