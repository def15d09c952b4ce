package dev.eventline.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The chart's ACL list ({@code helm/eventline/files/kafka/acls.txt}) read the way apply-acls.sh
 * reads it, as the bindings kafka-acls.sh would create: one allow per principal, operation and resource.
 */
final class AclList {

    static final Path FILE = Path.of("..", "helm", "eventline", "files", "kafka", "acls.txt").toAbsolutePath().normalize();

    private AclList() {
    }

    static List<AclBinding> bindings(String namespace) throws IOException {
        List<AclBinding> bindings = new ArrayList<>();
        for (String line : Files.readAllLines(FILE)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split("\\s+");
            ResourcePattern resource = new ResourcePattern(resourceType(fields[2]), fields[3].replace("${ns}", namespace),
                    PatternType.valueOf(fields[4].toUpperCase(Locale.ROOT)));
            for (String operation : fields[1].split(",")) {
                bindings.add(new AclBinding(resource, new AccessControlEntry(fields[0], "*", operation(operation), AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    private static ResourceType resourceType(String name) {
        return switch (name) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
            case "cluster" -> ResourceType.CLUSTER;
            default -> throw new IllegalArgumentException("unknown resource type " + name);
        };
    }

    /** kafka-acls.sh's spelling (All, Read, DescribeConfigs ...) to the enum's. */
    private static AclOperation operation(String name) {
        return AclOperation.valueOf(name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
}
