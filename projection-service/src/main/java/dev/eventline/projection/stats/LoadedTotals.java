package dev.eventline.projection.stats;

import java.util.List;

import dev.eventline.projection.streams.StreamsTotals;

/** The loaded domains' running totals ({@link StreamsTotals#discover()}), built into the statistics topology and served by it. */
public record LoadedTotals(List<StreamsTotals> all) {
}
