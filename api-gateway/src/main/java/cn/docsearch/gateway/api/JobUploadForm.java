package cn.docsearch.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Describes a job's multipart form for OpenAPI: the fields that apply to every file of an upload. A job's files are
 * many, so a title or a client id, which name one document, are not among them ({@link UploadForm} adds them).
 */
@Schema(name = "JobUpload", description = "multipart/form-data: one or more 'file' parts and optional fields")
public class JobUploadForm {
    @Schema(type = SchemaType.ARRAY, required = true,
            description = "The documents, one part each: txt (any Chinese encoding), md, html, doc, docx, pdf with a text "
                    + "layer, pptx, xlsx, odt, rtf, epub, or a zip of these")
    public List<BinaryFile> file;
    @Schema(description = "Where the documents come from", example = "县政府办公室")
    public String source;
    @Schema(description = "Tags, repeatable")
    public List<String> tags;
    @Schema(description = "The collection the documents go to (the key must have it); default: the key's first collection")
    public String collection;

    /** One file part: its bytes. */
    @Schema(name = "BinaryFile", type = SchemaType.STRING, format = "binary")
    public static class BinaryFile {
    }
}
