package io.punchcard.testsupport;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture rule every module states in a test of its own: domain packages import no web server,
 * no JDBC and no Redis client. I/O lives at the edges, in the {@code http}, {@code store} and {@code cache}
 * packages, and in the module's root package (its {@code Main} and wiring).
 */
public final class ArchitectureRules {

    /** Sub-packages of a module root that may do I/O. */
    public static final Set<String> EDGE_PACKAGES = Set.of("http", "store", "cache");

    private ArchitectureRules() {
    }

    /** Domain classes under {@code rootPackage} depend on no {@code io.helidon}, {@code java.sql} or {@code redis.clients}. */
    public static ArchRule domainIsFreeOfIo(String rootPackage) {
        return domainIsFreeOfIo(rootPackage, Set.of());
    }

    /**
     * The same rule for a module with adapters of its own beside {@link #EDGE_PACKAGES}, such as the campaign
     * scheduler's {@code sms} gateway client: each is named by the module, so a domain package never becomes an
     * edge by its name alone.
     */
    public static ArchRule domainIsFreeOfIo(String rootPackage, Set<String> moduleEdgePackages) {
        return noClasses()
                .that(inDomainPackageOf(rootPackage, moduleEdgePackages))
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "java.sql..", "javax.sql..",
                        "redis.clients..")
                .because("the domain is the rule of the business, and I/O belongs in the http, store and cache packages")
                // Modules that have no domain classes yet still run the rule.
                .allowEmptyShould(true);
    }

    private static DescribedPredicate<JavaClass> inDomainPackageOf(String rootPackage, Set<String> moduleEdgePackages) {
        String prefix = rootPackage + ".";
        return DescribedPredicate.describe("are in a domain package of " + rootPackage, javaClass -> {
            String pkg = javaClass.getPackageName();
            if (!pkg.startsWith(prefix)) {
                return false;
            }
            String first = pkg.substring(prefix.length()).split("\\.")[0];
            return !EDGE_PACKAGES.contains(first) && !moduleEdgePackages.contains(first);
        });
    }
}
