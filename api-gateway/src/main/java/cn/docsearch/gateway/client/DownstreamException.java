package cn.docsearch.gateway.client;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.ProblemException;

/** A call to an internal service ended in a problem the gateway hands on to its caller. */
public class DownstreamException extends ProblemException {

    public DownstreamException(Problem problem) {
        super(problem);
    }
}
