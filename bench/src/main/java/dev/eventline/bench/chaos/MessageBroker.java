package dev.eventline.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.eventline.devstack.kafka.BrokerProcess;

/**
 * The Kafka broker, which every service depends on: killed with SIGKILL and started again on its
 * log directory after {@link DatabaseServer#RESTART_DELAY} (the run stands in for the orchestrator),
 * or stopped for an outage. Meanwhile and until a command is decided again, {@link OutageProbe}
 * sends commands through the command API.
 */
final class MessageBroker implements Victim {

    private final BrokerProcess broker;
    private final OutageProbe probe;

    MessageBroker(BrokerProcess broker, OutageProbe probe) {
        this.broker = broker;
        this.probe = probe;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Set<Faults.Kind> faults() {
        return Set.of(Faults.Kind.KILL, Faults.Kind.OUTAGE);
    }

    @Override
    public long pid() {
        return broker.pid();
    }

    @Override
    public Duration kill(Instant at) throws InterruptedException {
        Victim.signal("KILL", pid());
        probe.whileDown(at.plus(DatabaseServer.RESTART_DELAY));
        broker.start();
        return probe.untilServed(at);
    }

    @Override
    public Duration outage(Duration outage, Instant at) throws InterruptedException {
        broker.close();
        probe.whileDown(at.plus(outage));
        broker.start();
        return probe.untilServed(at);
    }
}
