package dev.eventline.devstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import dev.eventline.devstack.keys.DevelopmentKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./eventline token}: a development JWT that the embedded default's services accept. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints a development JWT signed with the newest key in $EVENTLINE_HOME/keys (created on first use).")
public final class TokenCommand implements Callable<Integer> {

    @Option(names = "--client", defaultValue = "dev-client", description = "The token's subject: the client id (default: ${DEFAULT-VALUE}).")
    String client;

    @Option(names = "--roles", split = ",", defaultValue = "commands:write,queries:read",
            description = "Comma-separated roles: commands:write, queries:read, admin, auditor, dashboard (default: ${DEFAULT-VALUE}).")
    List<String> roles;

    @Option(names = "--ttl", defaultValue = "1h", converter = UpCommand.DurationConverter.class,
            description = "How long the token is valid, e.g. 30m, 12h (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--rotate", description = "Add a new signing key first; older keys stay valid until retired. Restart the services to load it.")
    boolean rotate;

    @Option(names = "--retire", paramLabel = "KID", description = "Remove a key (after the services run with its successor) and print nothing else.")
    String retire;

    @Override
    public Integer call() {
        DataDirectory data = DataDirectory.fromEnvironment(System.getenv());
        DevelopmentKeys keys = DevelopmentKeys.open(data.keys());
        if (retire != null) {
            keys.retire(retire);
            System.err.println("retired " + retire + "; keys now " + keys.kids());
            return 0;
        }
        if (rotate) {
            System.err.println("new signing key " + keys.rotate() + "; keys now " + keys.kids());
        }
        System.out.println(keys.issue(client, roles, ttl));
        return 0;
    }
}
