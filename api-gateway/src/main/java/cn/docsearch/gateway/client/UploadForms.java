package cn.docsearch.gateway.client;

import java.util.List;

import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Uploaded files passed on to ingest-service as they came: streamed from the gateway's upload folder. */
final class UploadForms {

    private UploadForms() {
    }

    /** The 'file' parts that carry a file: one sent as a plain field (no file name, as some clients do) carries none. */
    static List<FileUpload> withFiles(List<FileUpload> parts) {
        return parts == null ? List.of() : parts.stream().filter(part -> part.uploadedFile() != null).toList();
    }

    /** @param metadata with the collection the caller's key writes to */
    static ClientMultipartForm of(List<FileUpload> files, SubmissionMetadata metadata) {
        ClientMultipartForm form = ClientMultipartForm.create().setCharset("UTF-8");
        for (FileUpload file : files) {
            form.binaryFileUpload("file", file.fileName(), file.uploadedFile().toString(), MediaType.APPLICATION_OCTET_STREAM);
        }
        addIfPresent(form, "title", metadata.title());
        addIfPresent(form, "source", metadata.source());
        addIfPresent(form, "clientId", metadata.clientId());
        addIfPresent(form, "collection", metadata.collection());
        for (String tag : metadata.tags() == null ? List.<String>of() : metadata.tags()) {
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
