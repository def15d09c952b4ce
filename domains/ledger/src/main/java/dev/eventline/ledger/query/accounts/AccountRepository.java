package dev.eventline.ledger.query.accounts;

import java.util.Optional;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AccountRepository extends GenericRepository<Account, String> {

    Optional<Account> findById(String id);

    /** The account's version if the reader may read it (its owner, or a role that sees all). */
    @Query("select version from accounts where id = :id and (:all or owner = :reader)")
    Optional<Long> findVisibleVersion(String id, String reader, boolean all);
}
