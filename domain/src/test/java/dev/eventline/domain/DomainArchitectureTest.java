package dev.eventline.domain;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/** The contract is pure: it reaches no Kafka, Micronaut, JDBC or HTTP class, and reads no clock. */
@AnalyzeClasses(packages = "dev.eventline.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainArchitectureTest {

    @ArchTest
    static final ArchTests pure = ArchTests.in(PureDomainRules.class);
}
