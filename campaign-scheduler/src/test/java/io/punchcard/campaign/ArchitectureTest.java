package io.punchcard.campaign;

import java.util.Set;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.punchcard.testsupport.ArchitectureRules;

@AnalyzeClasses(packages = "io.punchcard.campaign", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** {@code sms} is the SMS gateway's adapter: it reads Helidon configuration and speaks HTTP. */
    @ArchTest
    static final ArchRule DOMAIN_IS_FREE_OF_IO = ArchitectureRules.domainIsFreeOfIo("io.punchcard.campaign", Set.of("sms"));
}
