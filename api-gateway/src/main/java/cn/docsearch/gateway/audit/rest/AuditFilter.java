package cn.docsearch.gateway.audit.rest;

import java.lang.reflect.Method;
import java.time.Instant;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import cn.docsearch.gateway.auth.api.ApiKeys;
import cn.docsearch.gateway.api.DeletionReceipt;
import cn.docsearch.gateway.api.DocumentReceipt;
import cn.docsearch.gateway.api.Job;
import cn.docsearch.gateway.audit.event.AuditEntry;
import cn.docsearch.gateway.audit.kafka.AuditLog;
import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.auth.rest.CurrentCaller;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Records every request that changes something (any method but GET, HEAD and OPTIONS) under /api/, allowed or
 * refused, with who sent it, what it was, when, and how it ended: uploads, deletions, jobs, keys, rebuilds.
 */
public class AuditFilter {
    private final AuditLog log;
    private final CurrentCaller caller;

    public AuditFilter(AuditLog log, CurrentCaller caller) {
        this.log = log;
        this.caller = caller;
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        String method = request.getMethod();
        UriInfo uri = request.getUriInfo();
        String path = "/" + uri.getPath().replaceFirst("^/", "");
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || !path.startsWith("/api/")) {
            return;
        }
        Caller who = caller.find();
        int status = response.getStatus();
        log.record(new AuditEntry(AuditEntry.SCHEMA_VERSION, Instant.now(), who == null ? null : who.keyId(),
                who == null ? null : who.name(), who == null ? null : who.role().wireName(), method, path,
                operation(resource), target(response.getEntity(), resource, uri), status, AuditEntry.outcomeOf(status),
                traceId()));
    }

    private static String traceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    private static String operation(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        Operation operation = method.getAnnotation(Operation.class);
        return operation != null && !operation.operationId().isEmpty() ? operation.operationId() : method.getName();
    }

    /** The document, job or key the answer names (never a key's secret), else the id in the path. */
    private static String target(Object entity, ResourceInfo resource, UriInfo uri) {
        if (entity instanceof DocumentReceipt receipt) {
            return receipt.id();
        }
        if (entity instanceof DeletionReceipt deletion) {
            return deletion.id();
        }
        if (entity instanceof Job job) {
            return job.id();
        }
        if (entity instanceof ApiKeys.Issued issued) {
            return issued.key().id();
        }
        if (entity instanceof ApiKeys.Key key) {
            return key.id();
        }
        // a request that matched no route has no path parameters to ask for
        return resource == null || resource.getResourceMethod() == null ? null : uri.getPathParameters().getFirst("id");
    }
}
