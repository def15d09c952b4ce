package dev.eventline.projection.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * How one aggregate type's read model is held against the fold of its events: a domain's read
 * models come with one. It gets the state and version of every aggregate folded from the events
 * its projection has committed (so a projection that lags is not "wrong").
 */
public interface ReadModelCheck {

    /** The projection that writes this read model, e.g. {@code ledger}. */
    String projection();

    String aggregateType();

    List<Finding> check(Connection connection, Map<String, Object> folded, Map<String, Long> versions) throws SQLException;
}
