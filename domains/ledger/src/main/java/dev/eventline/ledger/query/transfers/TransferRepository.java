package dev.eventline.ledger.query.transfers;

import java.util.List;
import java.util.Optional;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TransferRepository extends GenericRepository<Transfer, String> {

    Optional<Transfer> findById(String id);

    /** The transfer's version if the reader may read it: the same rule as {@link TransferController}'s. */
    @Query(value = "select t.version from transfers t where t.id = :id and (:all or t.requested_by = :reader "
            + "or exists (select 1 from accounts a where a.id in (t.from_account, t.to_account) and a.owner = :reader))", nativeQuery = true)
    Optional<Long> findVisibleVersion(String id, String reader, boolean all);

    /** The owners of the two accounts, for the read check. */
    @Query(value = "select owner from accounts where id in (:from, :to)", nativeQuery = true)
    List<String> findOwners(String from, String to);
}
