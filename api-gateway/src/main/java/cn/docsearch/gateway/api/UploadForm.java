package cn.docsearch.gateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Describes the upload's multipart form for OpenAPI: a job's fields, and those that name a single document. In the
 * order it always had: a generated client takes them as arguments in this order, and title and source are both strings.
 */
@JsonPropertyOrder({"file", "title", "source", "tags", "collection", "clientId"})
@Schema(name = "DocumentUpload", description = "multipart/form-data: one or more 'file' parts and optional fields")
public class UploadForm extends JobUploadForm {
    @Schema(description = "Title (single document only); else from the file's properties, a heading or the first line")
    public String title;
    @Schema(description = "Your own id (single document only): uploading again with it replaces the document")
    public String clientId;
}
