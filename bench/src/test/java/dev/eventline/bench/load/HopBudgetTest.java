package dev.eventline.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HopBudgetTest {

    @Test
    void readsEachHopOfServerTimingInPathOrderAndHandsItOverOnce() {
        HopBudget budget = new HopBudget();
        budget.record("total;dur=12.50, edge;dur=0.40, admit;dur=2.00, decide;dur=3.10, commit;dur=6.50, reply;dur=0.50");
        budget.record("edge;dur=0.60, total;dur=20.00, cache;desc=\"ignored without dur\"");

        Map<String, Histogram> hops = budget.interval();

        assertThat(hops.keySet()).containsExactly("edge", "admit", "decide", "commit", "reply", "total");
        assertThat(hops.get("edge").getTotalCount()).isEqualTo(2);
        assertThat(hops.get("admit").getMaxValue()).isEqualTo(2000); // microseconds
        assertThat(hops.get("total").getMaxValue()).as("3 significant digits").isCloseTo(20_000L, withinPercentage(0.1));
        assertThat(budget.interval().values()).as("handed over once").allMatch(h -> h.getTotalCount() == 0);
    }
}
