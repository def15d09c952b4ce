package dev.eventline.query.transfers;

import java.util.List;
import java.util.Optional;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TransferRepository extends GenericRepository<Transfer, String> {

    Optional<Transfer> findById(String id);

    @Query("select version from transfers where id = :id")
    Optional<Long> findVersionById(String id);

    /** The owners of the two accounts, for the read check. */
    @Query(value = "select owner from accounts where id in (:from, :to)", nativeQuery = true)
    List<String> findOwners(String from, String to);
}
