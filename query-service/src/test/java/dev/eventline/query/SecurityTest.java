package dev.eventline.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The security suite (docs/security.md), against the three running services: forged tokens and
 * claims, anonymous access, management endpoints, roles, foreign aggregates (BOLA and its
 * oracles), hostile input on every service. Each case asserts its status, a problem document, and
 * that the victim's account did not change; at the end the decide stage confirms it too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {

    private SecurityFixture fixture;

    @BeforeAll
    void start() {
        fixture = new SecurityFixture();
    }

    @AfterAll
    void stop() {
        try {
            assertThat(fixture.victimVersionAsDecided()).as("the decide stage holds the victim where it was").isEqualTo(fixture.victimVersion);
        } finally {
            fixture.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> forgedTokensAreRefusedEverywhere() {
        return new TokenAndAccessCases(fixture).forgedTokens().stream();
    }

    @TestFactory
    Stream<DynamicTest> everyRouteNeedsAToken() {
        return new TokenAndAccessCases(fixture).anonymous().stream();
    }

    @TestFactory
    Stream<DynamicTest> managementEndpointsAreOff() {
        return new TokenAndAccessCases(fixture).management().stream();
    }

    @TestFactory
    Stream<DynamicTest> theAllowListShowsNothingPrivate() {
        return new TokenAndAccessCases(fixture).allowList().stream();
    }

    @TestFactory
    Stream<DynamicTest> eachRoleDoesOnlyItsJob() {
        return new TokenAndAccessCases(fixture).roles().stream();
    }

    @TestFactory
    Stream<DynamicTest> aForeignAggregateReadsLikeAMissingOne() {
        ForeignAggregateCases cases = new ForeignAggregateCases(fixture);
        return Stream.of(cases.reads(), cases.writes(), cases.transfers()).flatMap(List::stream);
    }

    @TestFactory
    Stream<DynamicTest> hostileInputIsA4xxThatChangesNothing() {
        HostileInputCases cases = new HostileInputCases(fixture);
        return Stream.of(cases.commandBodies(), cases.commandTargets(), cases.commandHeaders(), cases.queryInput(),
                cases.projectionInput(), cases.adminApi()).flatMap(List::stream);
    }
}
