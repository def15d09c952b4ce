package dev.eventline.query.commands;

import java.util.Optional;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CommandOutcomeRepository extends GenericRepository<CommandOutcome, String> {

    Optional<CommandOutcome> findById(String commandId);
}
