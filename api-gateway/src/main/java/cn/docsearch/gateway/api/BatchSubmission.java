package cn.docsearch.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Up to 1000 documents submitted together")
public record BatchSubmission(List<DocumentSubmission> documents) {
}
