package cn.docsearch.gateway.audit.event;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One write or admin action through the gateway, as topic {@code audit} keeps it (record key = the caller's key id,
 * or {@code anonymous}); schema in docs/events/audit-entry.schema.json.
 *
 * @param keyId     who: the key's id, null when the request had no valid key
 * @param operation what: the route's operationId (or its method name for a route the OpenAPI document hides), null
 *                  for a path that matched no route
 * @param target    the document, job or key it concerned, when the route or its answer names one
 * @param status    the HTTP status answered
 * @param outcome   {@value #SUCCEEDED} (2xx), {@value #REFUSED} (4xx) or {@value #FAILED} (5xx)
 * @param traceId   the request's trace (its spans in the tracing backend, its lines in the logs)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(int schemaVersion, Instant at, String keyId, String keyName, String role, String method,
                         String path, String operation, String target, int status, String outcome, String traceId) {
    public static final int SCHEMA_VERSION = 1;
    public static final String SUCCEEDED = "succeeded";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    public static String outcomeOf(int status) {
        return status < 400 ? SUCCEEDED : status < 500 ? REFUSED : FAILED;
    }
}
