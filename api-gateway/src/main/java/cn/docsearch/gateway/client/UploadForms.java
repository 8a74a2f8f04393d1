package cn.docsearch.gateway.client;

import java.util.List;

import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Uploaded files passed on to ingest-service as they came: streamed from the gateway's upload folder. */
public final class UploadForms {

    private UploadForms() {
    }

    /** The 'file' parts that carry a file: one sent as a plain field (no file name, as some clients do) carries none. */
    public static List<FileUpload> withFiles(List<FileUpload> parts) {
        return parts == null ? List.of() : parts.stream().filter(part -> part.uploadedFile() != null).toList();
    }

    public static ClientMultipartForm of(List<FileUpload> files, String title, String source, List<String> tags,
                                         String clientId, String collection) {
        ClientMultipartForm form = ClientMultipartForm.create().setCharset("UTF-8");
        for (FileUpload file : files) {
            form.binaryFileUpload("file", file.fileName(), file.uploadedFile().toString(), MediaType.APPLICATION_OCTET_STREAM);
        }
        addIfPresent(form, "title", title);
        addIfPresent(form, "source", source);
        addIfPresent(form, "clientId", clientId);
        addIfPresent(form, "collection", collection);
        for (String tag : tags == null ? List.<String>of() : tags) {
            addIfPresent(form, "tags", tag);
        }
        return form;
    }

    private static void addIfPresent(ClientMultipartForm form, String name, String value) {
        if (value != null && !value.isBlank()) {
            form.attribute(name, value, null);
        }
    }
}
