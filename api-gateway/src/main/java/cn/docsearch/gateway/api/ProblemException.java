package cn.docsearch.gateway.api;

/** A request the gateway refuses, or cannot serve, with this problem (mapped to its status as problem+json). */
public class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
