package cn.docsearch.gateway.rest;

import java.io.IOException;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.ProblemException;

/** Every error the public API returns is RFC 7807 problem+json. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return respond(e.problem());
    }

    /** Not JSON, or JSON past the parser's bounds; said without the parser's own words, which name its classes. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch) {
            return mismatchedJson(mismatch);
        }
        String detail = e instanceof StreamConstraintsException
                ? "The JSON is nested too deeply or has a value too large to read"
                : "The body is not valid JSON" + (e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        return respond(new Problem(TYPE_PREFIX + "malformed-json", "Malformed JSON", 400, detail));
    }

    /**
     * JSON of the wrong shape (an array for an object, an object for a text): the body reader's own mapper would answer
     * a bare 400, so this one, being the application's, is the one used.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String field = e.getPath().stream().map(step -> step.getFieldName() != null ? step.getFieldName()
                : "[" + step.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
        return respond(new Problem(TYPE_PREFIX + "malformed-json", "Malformed JSON", 400, field.isEmpty()
                ? "The JSON body does not have the expected shape (see the request schema in the OpenAPI document)"
                : "'" + field + "' does not have the expected type (see the request schema in the OpenAPI document)"));
    }

    /** A multipart body that cannot be parsed (a wrong boundary, truncated): the request's fault, not a 500. */
    @ServerExceptionMapper
    public Response malformedMultipart(MultipartParser.MalformedMessageException e) {
        return unreadableBody();
    }

    /** Reading the request failed (a multipart body that ends before its closing boundary, a client gone). */
    @ServerExceptionMapper
    public Response unreadableRequest(IOException e) {
        return unreadableBody();
    }

    private static Response unreadableBody() {
        return respond(new Problem(TYPE_PREFIX + "unreadable-request", "Unreadable request", 400,
                "The request body could not be read; a multipart/form-data body needs its boundary and each file as a part named 'file'"));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        // JAX-RS answers a query parameter it cannot convert (page=abc) with 404, as if the resource did not exist
        if (e instanceof NotFoundException && e.getCause() != null) {
            return respond(new Problem(TYPE_PREFIX + "invalid-parameter", "Invalid parameter", 400,
                    "A parameter has a value of the wrong type: " + e.getCause().getMessage()));
        }
        int status = e.getResponse().getStatus();
        if (e instanceof NotFoundException) {
            return respond(HttpServerProblems.NOT_FOUND);
        }
        if (e instanceof NotAllowedException) {
            return respond(new Problem(TYPE_PREFIX + "method-not-allowed", "Method not allowed", 405,
                    "This address does not take this method"));
        }
        return respond(new Problem(TYPE_PREFIX + "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(),
                status, e.getMessage()));
    }

    /**
     * Whatever no other mapper knows. The multipart parser refuses a form of more than quarkus.http.limits.max-parameters
     * parts with a bare RuntimeException whose message alone says so: that is the client's 413. Anything else is a
     * fault of ours, answered as a problem with an id to find it in the log, never with a stack trace.
     */
    @ServerExceptionMapper
    public Response unforeseen(RuntimeException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("Param limit of")) {
            return respond(new Problem(TYPE_PREFIX + "too-many-parts", "Too many parts", 413,
                    "A form has at most 1000 parts (files and fields); send more files as several requests or a zip"));
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "Request failed (error id %s)", id);
        return respond(new Problem(TYPE_PREFIX + "internal-error", "Internal error", 500,
                "The gateway failed to answer; the error id " + id + " is in its log"));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
