package cn.docsearch.gateway.rest;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * An upload's multipart body described by its form's schema alone ({@code DocumentUpload}): the scanner also lists the
 * resource's form parameters beside the {@code $ref}, the same fields again, which client generators report as an
 * illegal schema (the loader's build printed each one in full, on every fresh build).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class MultipartFormDocumentation implements OASFilter {
    private static final String MULTIPART = "multipart/form-data";

    @Override
    public RequestBody filterRequestBody(RequestBody requestBody) {
        if (requestBody.getContent() != null && requestBody.getContent().getMediaTypes() != null) {
            requestBody.getContent().getMediaTypes().forEach((name, mediaType) -> {
                Schema schema = MULTIPART.equals(name) ? mediaType.getSchema() : null;
                if (schema != null && schema.getRef() != null) {
                    schema.setType(null);
                    schema.setProperties(null);
                }
            });
        }
        return requestBody;
    }
}
