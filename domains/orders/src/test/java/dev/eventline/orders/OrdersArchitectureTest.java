package dev.eventline.orders;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.eventline.domain.PureDomainRules;

/** The orders domain is pure, as every domain (the generated Avro classes included). */
@AnalyzeClasses(packages = "dev.eventline.orders", importOptions = ImportOption.DoNotIncludeTests.class)
class OrdersArchitectureTest {

    @ArchTest
    static final ArchTests pure = ArchTests.in(PureDomainRules.class);
}
