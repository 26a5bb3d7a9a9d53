package io.punchcard.campaign;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

    /**
     * The rules of messages never speak to a provider or the core themselves: SMTP, HTTP clients and the core's
     * client live in the {@code email}, {@code sms} and {@code core} adapters, behind the message package's ports.
     */
    @ArchTest
    static final ArchRule MESSAGES_SPEAK_THROUGH_PORTS = noClasses()
            .that().resideInAPackage("io.punchcard.campaign.message..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..", "java.net.http..",
                    "com.sun.net.httpserver..", "io.punchcard.api.client..", "io.punchcard.campaign.store..",
                    "io.punchcard.campaign.http..", "io.punchcard.campaign.core..", "io.punchcard.campaign.email..",
                    "io.punchcard.campaign.sms..")
            .because("the message package is the rule of messages; providers and the core are reached through its ports");
}
