package cn.docsearch.gateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

@Schema(description = "RFC 7807 problem details; 'type' is stable and meant for programs")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(example = "urn:docsearch:problem:invalid-document") String type,
        @Schema(example = "Invalid document") String title,
        @Schema(example = "400") int status,
        @Schema(example = "The document has no text: 'content' is empty or only white space") String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
