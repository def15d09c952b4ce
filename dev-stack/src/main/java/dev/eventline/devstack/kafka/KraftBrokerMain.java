package dev.eventline.devstack.kafka;

import java.nio.file.Path;
import java.util.Map;

import dev.eventline.devstack.kafka.KraftBroker.KraftBrokerConfig;

/**
 * A {@link KraftBroker} as a process of its own ({@link BrokerProcess}): {@code port controllerPort
 * logDir}. Stops cleanly on SIGTERM; a SIGKILL is a broker crash, which the next start on the same
 * log directory recovers from.
 */
public final class KraftBrokerMain {

    private KraftBrokerMain() {
    }

    public static void main(String[] args) {
        KraftBroker broker = new KraftBroker(new KraftBrokerConfig(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2]), Map.of()));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-stop"));
        broker.start();
    }
}
