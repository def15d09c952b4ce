package dev.eventline.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain is pure: it reaches no Kafka, Micronaut, JDBC or HTTP class. */
@AnalyzeClasses(packages = "dev.eventline.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainArchitectureTest {

    @ArchTest
    static final ArchRule noInfrastructure = noClasses().that().resideInAPackage("dev.eventline.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.kafka..", "io.micronaut..", "java.sql..", "javax.sql..", "org.postgresql..",
                    "java.net.http..", "com.fasterxml.jackson..", "dev.eventline.schemas.serde..", "dev.eventline.schemas.registry..")
            .because("deciders are pure functions that the platform, the replay tool and the tests all run");

    @ArchTest
    static final ArchRule noClock = noClasses().that().resideInAPackage("dev.eventline.domain..")
            .should().callMethod(java.time.Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .because("the instant comes in the command, so decisions replay identically");
}
