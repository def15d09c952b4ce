package dev.eventline.deployment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Platform code names no domain: no class of a platform module (the services, the schemas support,
 * the projection library, the replay tool, the domain contract) depends on a class of any module
 * under domains/. The domains' packages are read from their compiled classes, so a new domain is
 * covered without editing this test.
 */
class PlatformNamesNoDomainTest {

    private static final List<String> PLATFORM = List.of("schemas", "domain", "projection-core", "query-core", "http-problems",
            "http-security", "command-service", "projection-service", "query-service", "replay-cli", "dev-stack", "testkit");

    @Test
    void noPlatformClassDependsOnADomainClass() throws IOException {
        Path root = repositoryRoot();
        Set<String> domainPackages = new TreeSet<>();
        List<Path> modules;
        try (Stream<Path> domains = Files.list(root.resolve("domains"))) {
            modules = domains.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).toList();
        }
        for (Path module : modules) {
            Set<String> packages = new TreeSet<>();
            new ClassFileImporter().importPath(module.resolve("target/classes")).forEach(c -> packages.add(c.getPackageName()));
            assertThat(packages).as("compiled packages of " + module).isNotEmpty();
            domainPackages.addAll(packages);
        }

        JavaClasses platform = new ClassFileImporter().importPaths(PLATFORM.stream().map(m -> root.resolve(m).resolve("target/classes")).toList());
        assertThat(platform).as("the platform's compiled classes").hasSizeGreaterThan(300);

        noClasses().should().dependOnClassesThat().resideInAnyPackage(domainPackages.toArray(String[]::new))
                .because("a domain is a plug-in: platform code hosts any domain and names none")
                .check(platform);
    }

    private static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("domains"))) {
            root = root.getParent();
        }
        return root;
    }
}
