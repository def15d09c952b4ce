package dev.eventline.projection.check;

import java.sql.ResultSet;
import java.sql.SQLException;

import dev.eventline.domain.AggregateType;
import dev.eventline.schemas.state.StateJson;

/**
 * The generic read model of one aggregate type ({@code aggregates}, written by the archive
 * projection) against the fold: the stored JSON state read back as the domain's state must equal
 * the state its {@code evolve} makes of the events. Every registered type has one.
 */
public final class AggregateStatesCheck extends StateRowsCheck {

    private final AggregateType<?, ?, ?> type;

    public AggregateStatesCheck(AggregateType<?, ?, ?> type) {
        this.type = type;
    }

    @Override
    public String projection() {
        return "archive";
    }

    @Override
    public String aggregateType() {
        return type.name();
    }

    @Override
    protected String query() {
        // A registered name is lower-case letters, digits and dashes (AggregateType checks it).
        return "select aggregate_id as id, version, state::text as state from aggregates where aggregate_type = '" + type.name() + "'";
    }

    @Override
    protected Object state(ResultSet row) throws SQLException {
        return StateJson.fromText(row.getString("state"), type.decider().initialState());
    }

    @Override
    protected boolean exists(Object folded) {
        return !folded.equals(type.decider().initialState());
    }
}
