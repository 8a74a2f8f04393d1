package cn.docsearch.gateway.rest;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * An upload's multipart body described by its form's schema alone ({@code DocumentUpload}): the scanner also lists the
 * resource's form parameters beside the {@code $ref}, which OpenAPI 3.0 ignores there and client generators report as
 * an illegal schema (the loader's build printed each one in full, on every fresh build).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class MultipartFormDocumentation implements OASFilter {

    @Override
    public RequestBody filterRequestBody(RequestBody requestBody) {
        if (requestBody.getContent() != null && requestBody.getContent().getMediaTypes() != null) {
            requestBody.getContent().getMediaTypes().values().forEach(mediaType -> {
                Schema schema = mediaType.getSchema();
                if (schema != null && schema.getRef() != null) {
                    schema.setType(null);
                    schema.setProperties(null);
                }
            });
        }
        return requestBody;
    }
}
