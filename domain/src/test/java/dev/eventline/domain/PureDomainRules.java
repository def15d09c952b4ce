package dev.eventline.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * What keeps a domain pure, for the contract and for every domain module (this module's test jar):
 * its classes reach no Kafka, Micronaut, JDBC, HTTP or JSON class, and read no clock. A domain
 * module's test includes them with {@code @ArchTest static final ArchTests pure = ArchTests.in(PureDomainRules.class);}.
 */
public final class PureDomainRules {

    @com.tngtech.archunit.junit.ArchTest
    public static final ArchRule noInfrastructure = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.kafka..", "io.micronaut..", "java.sql..", "javax.sql..", "org.postgresql..",
                    "java.net.http..", "com.fasterxml.jackson..", "dev.eventline.schemas.serde..", "dev.eventline.schemas.registry..")
            .because("deciders are pure functions that the platform, the replay tool and the tests all run");

    @com.tngtech.archunit.junit.ArchTest
    public static final ArchRule noClock = noClasses()
            .should().callMethod(java.time.Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .because("the instant comes in the command, so decisions replay identically");

    private PureDomainRules() {
    }
}
