package dev.eventline.replay.export;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sql --export <file.parquet> "<query>"}: DuckDB SQL over an export, which is the view
 * {@code events}: e.g. {@code select client_id, count(*) from events group by 1}.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run DuckDB SQL over a Parquet export (the view 'events').")
public final class SqlCommand implements Callable<Integer> {

    @Option(names = "--export", required = true, description = "a Parquet file written by 'export --format parquet'")
    Path export;

    @Parameters(index = "0", description = "the query")
    String query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("create view events as select * from read_parquet('" + export.toAbsolutePath().toString().replace("'", "''") + "')");
            try (ResultSet rs = s.executeQuery(query)) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> header = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    header.add(meta.getColumnLabel(i));
                }
                out.println(String.join("\t", header));
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.add(String.valueOf(rs.getObject(i)));
                    }
                    out.println(String.join("\t", row));
                }
            }
        }
        out.flush();
        return 0;
    }
}
