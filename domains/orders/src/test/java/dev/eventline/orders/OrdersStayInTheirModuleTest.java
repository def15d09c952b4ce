package dev.eventline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The orders domain was added without editing the platform: outside this module, no source, build
 * file or resource names its package, its classes or its aggregate type (the parent pom's module
 * list and domains/loaded.txt name only the module's directory).
 */
class OrdersStayInTheirModuleTest {

    /** The orders' own names: the package, the classes and records, and the type as code would spell it. */
    private static final Pattern NAMES = Pattern.compile("dev\\.eventline\\.orders|OrdersModule|OrderDecider|OrderPayment|OrderState"
            + "|PlaceOrder|OrderPlaced|OrderCommand|OrderEvent|\"order\"");

    @Test
    void noFileOutsideTheModuleNamesTheOrdersDomain() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("command-service"))) {
            root = root.getParent();
        }
        Path module = root.resolve("domains").resolve("orders");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(Files::isRegularFile)
                    .filter(file -> !file.startsWith(module))
                    .filter(OrdersStayInTheirModuleTest::isSourceOrBuild)
                    .filter(file -> NAMES.matcher(read(file)).find())
                    .toList();
        }
        assertThat(offenders).as("files outside domains/orders that name the orders domain").isEmpty();
    }

    /** Sources, resources and build files of the modules; documentation may show the domain. */
    private static boolean isSourceOrBuild(Path file) {
        String path = file.toString().replace('\\', '/');
        if (path.contains("/target/") || path.contains("/.git/") || path.contains("/node_modules/") || path.contains("/.eventline/")) {
            return false;
        }
        return path.contains("/src/") || path.endsWith("pom.xml") || path.endsWith("Dockerfile") || path.endsWith("/eventline");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return ""; // binary files (samples, images) name nothing
        }
    }
}
