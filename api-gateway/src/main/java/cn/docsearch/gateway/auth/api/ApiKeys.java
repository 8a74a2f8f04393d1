package cn.docsearch.gateway.auth.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.event.ApiKeyRecord;

/** API models of key management (POST/GET /api/v1/admin/keys). */
public final class ApiKeys {
    private ApiKeys() {
    }

    @Schema(name = "ApiKeyRequest", description = "A key to create")
    public record Creation(
            @Schema(required = true, description = "What the key is for, shown in listings and the audit trail",
                    example = "办公室检索终端") String name,
            @Schema(required = true, implementation = String.class, enumeration = {"reader", "writer", "admin"},
                    description = "reader: search and read; writer: also upload and delete; admin: also keys, index and everyone's jobs")
            Role role,
            @Schema(description = "Collections the key sees (default [\"default\"]); \"*\" for all", example = "[\"default\"]")
            List<String> collections,
            @Schema(description = "Requests per second this key may send (default: the gateway's setting)", example = "20")
            Integer requestsPerSecond) {
    }

    @Schema(name = "ApiKey", description = "A key as listings show it: never its secret")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(
            @Schema(example = "key_3f9a0c1b2d4e5f60") String id,
            String name,
            @Schema(implementation = String.class, enumeration = {"reader", "writer", "admin"}) Role role,
            List<String> collections,
            Integer requestsPerSecond,
            Instant createdAt,
            @Schema(description = "Id of the key that created it") String createdBy,
            @Schema(description = "Absent while the key is valid") Instant revokedAt,
            String revokedBy) {

        public static Key of(ApiKeyRecord key) {
            return new Key(key.id(), key.name(), key.role(), key.collections(), key.requestsPerSecond(), key.createdAt(),
                    key.createdBy(), key.revokedAt(), key.revokedBy());
        }
    }

    @Schema(name = "IssuedApiKey", description = "A new key with its secret, shown this once")
    public record Issued(
            @Schema(description = "Send it as header X-API-Key or 'Authorization: Bearer <secret>'; only its hash is "
                    + "kept, it cannot be shown again", example = "dsk_Jm8v4Q2cN0yXe7rT5uW1zA9bK3sL6dF0gH2jP4qR8tY")
            String secret,
            Key key) {
    }

    @Schema(name = "ApiKeyList")
    public record Listing(List<Key> keys) {
    }
}
