package cn.docsearch.ingest.rest;

import java.util.ArrayList;
import java.util.List;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.upload.BatchIngestService.TextItem;
import cn.docsearch.ingest.upload.BatchIngestService.UploadedFile;
import cn.docsearch.ingest.upload.SubmissionMetadata;

/** What a batch or an upload of files comes to, checked at the door the same way for a request and for a job. */
final class Submissions {
    static final int MAX_BATCH = 1000;

    private Submissions() {
    }

    /** The uploaded files, each under the name its client gave it. */
    static List<UploadedFile> files(List<FileUpload> parts) {
        // a 'file' part sent as a plain field (no file name, as some clients do) carries no file
        List<FileUpload> files = parts == null ? List.of() : parts.stream().filter(file -> file.uploadedFile() != null).toList();
        if (files.isEmpty()) {
            throw DocumentRefusedException.invalid("No file: send the document as a multipart part named 'file'");
        }
        if (files.size() > MAX_BATCH) {
            throw new DocumentRefusedException(413, "batch-too-large", files.size() + " files; the limit is " + MAX_BATCH);
        }
        return files.stream().map(upload -> new UploadedFile(upload.fileName() == null || upload.fileName().isBlank()
                ? "upload" : upload.fileName(), upload.uploadedFile())).toList();
    }

    /** The documents of a JSON batch, named {@code documents[i]}; an empty entry is an item refused later. */
    static List<TextItem> texts(BatchSubmission batch) {
        if (batch == null || batch.documents() == null || batch.documents().isEmpty()) {
            throw DocumentRefusedException.invalid("A JSON body {\"documents\": [...]} with at least one document is required");
        }
        if (batch.documents().size() > MAX_BATCH) {
            throw new DocumentRefusedException(413, "batch-too-large", batch.documents().size()
                    + " documents; the limit is " + MAX_BATCH);
        }
        List<TextItem> items = new ArrayList<>();
        for (int i = 0; i < batch.documents().size(); i++) {
            DocumentSubmission document = batch.documents().get(i);
            String name = "documents[" + i + "]";
            items.add(document == null ? new TextItem(name, null, SubmissionMetadata.NONE)
                    : new TextItem(name, document.content(), document.metadata()));
        }
        return items;
    }
}
