package dev.eventline.http.problem;

/** Stops a request with a problem document; nothing has been written when it is thrown. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.code(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
