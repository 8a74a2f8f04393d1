package cn.docsearch.gateway.client;

import cn.docsearch.gateway.api.Problem;

/** A call to an internal service ended in a problem the gateway hands on to its caller. */
public class DownstreamException extends RuntimeException {
    private final Problem problem;

    public DownstreamException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
