package cn.docsearch.search.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 7807 problem details. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
