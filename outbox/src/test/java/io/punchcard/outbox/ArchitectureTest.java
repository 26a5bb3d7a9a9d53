package io.punchcard.outbox;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.punchcard.testsupport.ArchitectureRules;

@AnalyzeClasses(packages = "io.punchcard.outbox", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule DOMAIN_IS_FREE_OF_IO = ArchitectureRules.domainIsFreeOfIo("io.punchcard.outbox");
}
