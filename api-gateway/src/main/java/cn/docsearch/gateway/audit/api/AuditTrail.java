package cn.docsearch.gateway.audit.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.docsearch.gateway.audit.event.AuditEntry;

/** API models of the audit trail (GET /api/v1/admin/audit). */
public final class AuditTrail {
    private AuditTrail() {
    }

    @Schema(name = "AuditEntry", description = "One write or admin action: who, what, when, and how it ended")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            Instant at,
            @Schema(description = "The key's id; absent when the request had no valid key") String keyId,
            String keyName,
            @Schema(enumeration = {"reader", "writer", "admin"}) String role,
            @Schema(example = "DELETE") String method,
            @Schema(example = "/api/v1/documents/5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String path,
            @Schema(description = "The operationId", example = "deleteDocument") String operation,
            @Schema(description = "The document, job or key it concerned") String target,
            @Schema(example = "202") int status,
            @Schema(enumeration = {"succeeded", "refused", "failed"}) String outcome,
            @Schema(description = "The request's trace id (W3C), as in the logs and the tracing backend") String traceId) {

        public static Entry of(AuditEntry entry) {
            return new Entry(entry.at(), entry.keyId(), entry.keyName(), entry.role(), entry.method(), entry.path(),
                    entry.operation(), entry.target(), entry.status(), entry.outcome(), entry.traceId());
        }
    }

    @Schema(name = "AuditEntries")
    public record Listing(List<Entry> entries) {
    }
}
