package cn.docsearch.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A request whose body has not arrived in full within {@code gateway.limits.request-body-timeout} of its start gets a
 * 408 problem and its connection is closed: a client that sends a body slowly, or stops half-way, would otherwise hold
 * a connection and the buffers behind it for as long as it trickles bytes. Requests without a body set no timer. Once
 * the body is in, the calls to the services are bounded by their own read timeouts (504 beyond them).
 */
@ApplicationScoped
public class RequestBodyTimeout {
    private final long timeoutMillis;
    private final String problemJson;

    public RequestBodyTimeout(GatewayConfig config, ObjectMapper objectMapper) throws JsonProcessingException {
        this.timeoutMillis = config.limits().requestBodyTimeout().toMillis();
        this.problemJson = objectMapper.writeValueAsString(new Problem("urn:docsearch:problem:request-timeout",
                "Request timeout", 408, "The request body did not arrive in full within "
                + config.limits().requestBodyTimeout().toSeconds() + " s; send it again at once, or large uploads as "
                + "several requests."));
    }

    void install(@Observes Router router, Vertx vertx) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            if (!context.request().isEnded()) {
                long timer = vertx.setTimer(timeoutMillis, id -> refuseUnfinished(context));
                context.addEndHandler(ended -> vertx.cancelTimer(timer));
            }
            context.next();
        });
    }

    private void refuseUnfinished(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.isEnded() || context.response().ended()) {
            return;
        }
        if (context.response().headWritten()) {
            request.connection().close();
            return;
        }
        context.response().setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(problemJson).onComplete(done -> request.connection().close());
    }
}
