package io.punchcard.kiosk;

import java.util.Set;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.punchcard.testsupport.ArchitectureRules;

/** The kiosk's words, formats and codes know nothing of HTTP: only {@code web} (the pages) does. */
@AnalyzeClasses(packages = "io.punchcard.kiosk", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule DOMAIN_IS_FREE_OF_IO = ArchitectureRules.domainIsFreeOfIo("io.punchcard.kiosk", Set.of("web"));
}
