package dev.eventline.query.accounts;

import java.util.Optional;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AccountRepository extends GenericRepository<Account, String> {

    Optional<Account> findById(String id);

    @Query("select version from accounts where id = :id")
    Optional<Long> findVersionById(String id);
}
