package dev.eventline.command.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Without a configured reply partition, a StatefulSet pod reads the partition of its ordinal. */
class ReplyListenerOrdinalTest {

    @Test
    void aStatefulSetPodsOrdinalEndsItsHostName() {
        assertThat(ReplyListener.ordinal("eventline-command-service-0")).isEqualTo(0);
        assertThat(ReplyListener.ordinal("eventline-command-service-12")).isEqualTo(12);
    }

    @Test
    void otherHostNamesHaveNone() {
        assertThat(ReplyListener.ordinal("command-service-7d9f8b6c5-x2x4q")).isNull();
        assertThat(ReplyListener.ordinal("laptop")).isNull();
        assertThat(ReplyListener.ordinal(null)).isNull();
    }
}
