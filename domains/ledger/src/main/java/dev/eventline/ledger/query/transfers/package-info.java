/**
 * The ledger's own read routes over its read model (SQL: {@code db/projections/ledger}). They
 * are beans only where the query core is on the class path: in the query service, not in the
 * other services that load the domain for its deciders and projection.
 */
@Configuration
@Requires(classes = ReadModelDatabase.class)
package dev.eventline.ledger.query.transfers;

import dev.eventline.query.database.ReadModelDatabase;
import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
