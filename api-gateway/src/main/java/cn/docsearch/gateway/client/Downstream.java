package cn.docsearch.gateway.client;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import cn.docsearch.gateway.api.Problem;
import io.smallrye.mutiny.Uni;

/**
 * Calls an internal service and reads its answer: success as the gateway's own API model with its
 * status (or, for reads where the gateway adds nothing, relayed as it is), a 4xx or 503 problem passed on
 * as it is, anything else turned into a 502/503/504 problem that names the service.
 */
@ApplicationScoped
public class Downstream {
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";

    /** A successful answer: the status the service chose (202 accepted, 200 duplicate …) and its body. */
    public record Answer<T>(int status, T body) {
    }

    public <T> T call(String service, Supplier<Response> request, Class<T> type) {
        return exchange(service, request, type).body();
    }

    public <T> Answer<T> exchange(String service, Supplier<Response> request, Class<T> type) {
        try (Response response = send(service, request)) {
            int status = response.getStatus();
            if (status < 300) {
                return new Answer<>(status, response.readEntity(type));
            }
            throw new DownstreamException(problemOf(service, response));
        }
    }

    /**
     * A successful answer relayed without being decoded and encoded again (status, content type and body bytes
     * as the service sent them, which is the gateway's API model); errors as for {@link #exchange}. Non-blocking.
     */
    public Uni<Response> relay(String service, Supplier<Uni<Response>> request) {
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

    static Problem unreachable(String service, Throwable failure) {
        if (isTimeout(failure)) {
            return new Problem(TYPE_PREFIX + "upstream-timeout", "Service timed out", 504, service + " did not answer in time");
        }
        return new Problem(TYPE_PREFIX + "service-unavailable", "Service unavailable", 503,
                service + " is unreachable; retry later");
    }

    private static Problem problemOf(String service, Response response) {
        return problemOf(service, response.getStatus(), response.getStatusInfo().getReasonPhrase(),
                () -> readProblem(response));
    }

    /** @param body the service's problem, or null when its answer is not one */
    static Problem problemOf(String service, int status, String reasonPhrase, Supplier<Problem> body) {
        if (status == 401) {
            // the service wants the platform's internal token: the gateway's configuration, never the client's fault
            return new Problem(TYPE_PREFIX + "upstream-failure", "Service failed", 502, service
                    + " refused the gateway's call (gateway.internal-token missing or different from the service's)");
        }
        if (status < 500 || status == 503) {
            Problem problem = body.get();
            if (problem != null && problem.type() != null) {
                return new Problem(problem.type(), problem.title(), status, problem.detail());
            }
            return new Problem(TYPE_PREFIX + "http-" + status, reasonPhrase, status, service + " answered " + status);
        }
        return new Problem(TYPE_PREFIX + "upstream-failure", "Service failed", 502, service + " answered " + status);
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
