package cn.docsearch.gateway.client;

import java.util.UUID;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import cn.docsearch.gateway.api.Problem;
import io.smallrye.mutiny.Uni;

/**
 * How {@link IngestService} and {@link SearchService} read a service's answer: success as the gateway's own API model
 * with its status (or, for reads where the gateway adds nothing, relayed as it is), a 4xx or 503 problem passed on
 * as it is, anything else turned into a 502/503/504 problem that names no internal service (the log does).
 */
final class Downstream {
    private static final Logger LOG = Logger.getLogger(Downstream.class);
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";

    private Downstream() {
    }

    static <T> T call(String service, Supplier<Response> request, Class<T> type) {
        return exchange(service, request, type).body();
    }

    static <T> ServiceAnswer<T> exchange(String service, Supplier<Response> request, Class<T> type) {
        try (Response response = send(service, request)) {
            int status = response.getStatus();
            if (status < 300) {
                return new ServiceAnswer<>(status, response.readEntity(type));
            }
            throw new DownstreamException(problemOf(service, response));
        }
    }

    /**
     * A successful answer relayed without being decoded and encoded again (status, content type and body bytes
     * as the service sent them, which is the gateway's API model); errors as for {@link #exchange}. Non-blocking.
     */
    static Uni<Response> relay(String service, Supplier<Uni<Response>> request) {
        return Uni.createFrom().deferred(request::get)
                .onFailure(failure -> !(failure instanceof DownstreamException))
                .transform(failure -> new DownstreamException(unreachable(service, failure)))
                .map(response -> {
                    try (response) {
                        int status = response.getStatus();
                        if (status < 300) {
                            return Response.status(status).type(response.getMediaType())
                                    .entity(response.readEntity(byte[].class)).build();
                        }
                        throw new DownstreamException(problemOf(service, response));
                    }
                });
    }

    private static Response send(String service, Supplier<Response> request) {
        try {
            return request.get();
        } catch (ProcessingException e) {
            throw new DownstreamException(unreachable(service, e));
        }
    }

    /**
     * The service could not be reached or did not answer in time. The detail names no internal service (clients know
     * only the gateway); the log does.
     */
    static Problem unreachable(String service, Throwable failure) {
        if (isTimeout(failure)) {
            LOG.warnf("%s did not answer in time (%s)", service, failure.toString());
            return new Problem(TYPE_PREFIX + "upstream-timeout", "Service timed out", 504,
                    "The platform did not answer in time; retry later");
        }
        LOG.warnf("%s is unreachable (%s)", service, failure.toString());
        return new Problem(TYPE_PREFIX + "service-unavailable", "Service unavailable", 503,
                "The platform is unreachable at the moment; retry later");
    }

    private static Problem problemOf(String service, Response response) {
        return problemOf(service, response.getStatus(), () -> readProblem(response));
    }

    /**
     * A service's refusal or failure as the client's problem. A 4xx or 503 problem of the service is the client's
     * answer, passed on with its type, title and detail. Anything else is the platform's own failure, answered 502
     * with an error id and logged with the service and its status: a 401 (the gateway's internal token is missing or
     * wrong), a 414 or 431 (the gateway sent a request line or headers longer than the service takes: a limit of ours,
     * not the client's), an answer that is no problem.
     *
     * @param body the service's problem, or null when its answer is not one
     */
    static Problem problemOf(String service, int status, Supplier<Problem> body) {
        if (status != 401 && status != 414 && status != 431 && (status < 500 || status == 503)) {
            Problem problem = body.get();
            if (problem != null && problem.type() != null && problem.type().startsWith(TYPE_PREFIX)) {
                return new Problem(problem.type(), problem.title(), status, problem.detail());
            }
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf("%s answered %d to the gateway (error id %s)%s", service, status, id, status == 401
                ? ": gateway.internal-token is missing or different from the service's" : "");
        return new Problem(TYPE_PREFIX + "upstream-failure", "Service failed", 502,
                "The platform failed to answer; the error id " + id + " is in the gateway's log");
    }

    private static Problem readProblem(Response response) {
        try {
            return response.readEntity(Problem.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
