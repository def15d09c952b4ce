package dev.eventline.schemas.json;

import java.util.List;
import java.util.stream.Collectors;

/** A JSON document that does not fit its Avro schema; every problem found, not just the first. */
public final class JsonConversionException extends RuntimeException {

    private final List<FieldProblem> problems;

    public JsonConversionException(List<FieldProblem> problems) {
        super(problems.stream().map(p -> p.pointer() + ": " + p.detail()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
