package cn.docsearch.gateway.audit.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import cn.docsearch.gateway.audit.api.AuditTrail;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.ProblemException;
import cn.docsearch.gateway.audit.event.AuditEntry;
import cn.docsearch.gateway.audit.kafka.AuditLog;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;

@Path("/api/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RequiredRole(Role.ADMIN)
@Tag(name = "Audit", description = "Who changed what, and when")
public class AuditResource {
    private static final int MAX_LIMIT = 1000;
    private static final Duration DEFAULT_WINDOW = Duration.ofDays(1);

    private final AuditLog log;

    public AuditResource(AuditLog log) {
        this.log = log;
    }

    @GET
    @Operation(operationId = "listAuditEntries", summary = "The audit trail: writes and admin actions",
            description = "Every request that changed something or tried to (uploads, deletions, jobs, keys, rebuilds), "
                    + "allowed or refused, with its key, operation, target and status; the newest first. Kept "
                    + "gateway.audit.retention (400 days) in Kafka topic audit.")
    @APIResponse(responseCode = "200", description = "The entries, newest first",
            content = @Content(schema = @Schema(implementation = AuditTrail.Listing.class)))
    @APIResponse(responseCode = "400", description = "A malformed time or limit", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka cannot be read at the moment", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditTrail.Listing list(
            @Parameter(description = "From this time (ISO-8601); default: a day ago", example = "2026-12-01T00:00:00Z")
            @QueryParam("since") String since,
            @Parameter(description = "Until this time (ISO-8601); default: now") @QueryParam("until") String until,
            @Parameter(description = "Only this key's entries", example = "key_3f9a0c1b2d4e5f60") @QueryParam("keyId") String keyId,
            @Parameter(description = "Only this operation", example = "deleteDocument") @QueryParam("operation") String operation,
            @Parameter(description = "1 to 1000", example = "100") @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit must be 1 to " + MAX_LIMIT);
        }
        Instant to = until == null ? Instant.now() : instant("until", until);
        Instant from = since == null ? to.minus(DEFAULT_WINDOW) : instant("since", since);
        Predicate<AuditEntry> filter = entry -> (keyId == null || keyId.equals(entry.keyId()))
                && (operation == null || operation.equals(entry.operation()));
        try {
            return new AuditTrail.Listing(log.read(from, to, filter, limit).stream().map(AuditTrail.Entry::of).toList());
        } catch (AuditLog.AuditUnavailableException e) {
            throw new ProblemException(new Problem("urn:docsearch:problem:service-unavailable", "Service unavailable", 503,
                    "The audit trail cannot be read from Kafka at the moment; try again"));
        }
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name + " is an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(new Problem("urn:docsearch:problem:invalid-parameter", "Invalid parameter", 400, detail));
    }
}
