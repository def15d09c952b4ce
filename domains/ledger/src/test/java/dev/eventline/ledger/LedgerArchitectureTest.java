package dev.eventline.ledger;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.eventline.domain.PureDomainRules;

/**
 * The ledger's deciders are pure, as every domain's (the generated Avro classes included); only
 * its own read model ({@code readmodel}: SQL for the projection service and the replay tool) and
 * its read routes ({@code query}: for the query service) are not.
 */
@AnalyzeClasses(packages = "dev.eventline.ledger", importOptions = {ImportOption.DoNotIncludeTests.class, LedgerArchitectureTest.Deciders.class})
class LedgerArchitectureTest {

    @ArchTest
    static final ArchTests pure = ArchTests.in(PureDomainRules.class);

    /** Everything but the read model and the routes. */
    static final class Deciders implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/dev/eventline/ledger/readmodel/") && !location.contains("/dev/eventline/ledger/query/");
        }
    }
}
