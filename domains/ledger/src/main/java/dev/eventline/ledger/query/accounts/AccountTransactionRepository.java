package dev.eventline.ledger.query.accounts;

import java.util.List;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AccountTransactionRepository extends GenericRepository<AccountTransaction, AccountTransaction.Key> {

    /** Newest first, below a version (the cursor), at most {@code limit}. */
    @Query("select * from account_transactions where account_id = :accountId and version < :before order by version desc limit :limit")
    List<AccountTransaction> findPage(String accountId, long before, int limit);
}
