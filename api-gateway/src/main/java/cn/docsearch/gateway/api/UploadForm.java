package cn.docsearch.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Describes the multipart form for OpenAPI; the resource reads the parts directly. */
@Schema(name = "DocumentUpload", description = "multipart/form-data: one or more 'file' parts and optional fields")
public class UploadForm {
    @Schema(type = SchemaType.ARRAY, required = true,
            description = "The documents, one part each: txt (any Chinese encoding), md, html, doc, docx, pdf with a text "
                    + "layer, pptx, xlsx, odt, rtf, epub, or a zip of these")
    public List<BinaryFile> file;
    @Schema(description = "Title (single document only); else from the file's properties, a heading or the first line")
    public String title;
    @Schema(description = "Where the documents come from", example = "县政府办公室")
    public String source;
    @Schema(description = "Tags, repeatable")
    public List<String> tags;
    @Schema(description = "The collection the documents go to (the key must have it); default: the key's first collection")
    public String collection;
    @Schema(description = "Your own id (single document only): uploading again with it replaces the document")
    public String clientId;

    /** One file part: its bytes. */
    @Schema(name = "BinaryFile", type = SchemaType.STRING, format = "binary")
    public static class BinaryFile {
    }
}
