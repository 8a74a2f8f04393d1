package cn.docsearch.gateway.rest;

/** Example values shown in Swagger UI. */
final class OpenApiExamples {
    static final String PROBLEM_INVALID = """
            {"type":"urn:docsearch:problem:invalid-document","title":"Invalid document","status":400,
             "detail":"The document has no text: 'content' is empty or only white space"}""";
    static final String PROBLEM_TOO_LARGE = """
            {"type":"urn:docsearch:problem:document-too-large","title":"Document too large","status":413,
             "detail":"The document has 4000001 characters; the limit is 4000000"}""";
    static final String PROBLEM_BROKER = """
            {"type":"urn:docsearch:problem:broker-unavailable","title":"Document not accepted","status":503,
             "detail":"Kafka did not acknowledge within PT10S. It is probably not stored; retry later with the same Idempotency-Key (or clientId), which can never store it twice."}""";
    static final String PROBLEM_NOT_FOUND = """
            {"type":"urn:docsearch:problem:document-not-found","title":"Document not found","status":404,
             "detail":"No document with id 5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10 is indexed (it may still be on its way from Kafka)"}""";
    static final String PROBLEM_QUERY = """
            {"type":"urn:docsearch:problem:invalid-query","title":"Invalid query","status":400,
             "detail":"Parameter 'q' is required"}""";
    static final String PROBLEM_MODE = """
            {"type":"urn:docsearch:problem:invalid-query","title":"Invalid query","status":400,
             "detail":"Unknown mode 'fuzzy'; use one of keyword, semantic, hybrid"}""";
    static final String PROBLEM_SORT = """
            {"type":"urn:docsearch:problem:invalid-query","title":"Invalid query","status":400,
             "detail":"Unknown sort 'newest'; use one of relevance, date, -date"}""";
    static final String PROBLEM_DATE = """
            {"type":"urn:docsearch:problem:invalid-query","title":"Invalid query","status":400,
             "detail":"Parameter 'dateFrom' must be a date written yyyy-MM-dd"}""";
    static final String PROBLEM_FILTER_VALUES = """
            {"type":"urn:docsearch:problem:invalid-query","title":"Invalid query","status":400,
             "detail":"Parameter 'tags' has 51 values; the limit is 50"}""";
    static final String PROBLEM_PAGE_BEYOND = """
            {"type":"urn:docsearch:problem:invalid-query","title":"Invalid query","status":400,
             "detail":"Page 101 of 100 ends beyond the first 10000 results, the deepest a page number reaches; to go further, follow the 'next' cursor of each page (cursor=...)"}""";
    static final String PROBLEM_CURSOR = """
            {"type":"urn:docsearch:problem:invalid-cursor","title":"Invalid cursor","status":400,
             "detail":"The cursor belongs to another search: send it with the same q, mode, filters and sort as the page it came with, or start again without a cursor"}""";
    static final String PROBLEM_CURSOR_EXPIRED = """
            {"type":"urn:docsearch:problem:cursor-expired","title":"Cursor expired","status":410,
             "detail":"The cursor's point in time has expired: it was not followed within 5m of the previous page, or the index was rebuilt since; start again from the first page"}""";
    static final String EXPORT_LINE = """
            {"id":"5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10","rank":1,"score":1012.4,"title":"关于推进乡村振兴工作的报告",
             "collection":"default","source":"县政府办公室","tags":["乡村振兴","报告"],"documentDate":"2023-01-17",
             "passage":"全面推进<em>乡村振兴</em>……"}""";
    static final String PROBLEM_NOT_EMBEDDED = """
            {"type":"urn:docsearch:problem:not-embedded","title":"Not embedded yet","status":409,
             "detail":"Document 5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10 is indexed but its passage vectors are not in yet; retry when its status is 'embedded'"}""";
    static final String PROBLEM_ANALYZER = """
            {"type":"urn:docsearch:problem:invalid-query","title":"Invalid query","status":400,
             "detail":"Unknown analyzer 'standard'; use ik_smart or ik_max_word"}""";
    static final String PROBLEM_FILE = """
            {"type":"urn:docsearch:problem:encrypted-document","title":"Document refused","status":422,
             "detail":"年度预算.pdf: the document is encrypted or password-protected; upload an unprotected copy"}""";
    static final String PROBLEM_ZIP_BOMB = """
            {"type":"urn:docsearch:problem:archive-too-large","title":"Document refused","status":413,
             "detail":"材料.zip: refused as a possible zip bomb: 'a.txt' expands 1024 times; the limit is 100; nothing from it was accepted"}""";
    static final String JOB_RUNNING = """
            {"id":"0b9a5a59-2d8e-4a8e-9b1f-6a3c1d2e4f50","kind":"files","state":"running",
             "createdAt":"2026-11-30T08:00:00Z","updatedAt":"2026-11-30T08:00:04Z",
             "total":1000,"done":400,"accepted":398,"duplicates":1,"refused":1}""";
    static final String BATCH_RECEIPT = """
            {"accepted":2,"duplicates":0,"refused":1,"items":[
             {"name":"材料.zip/讲话稿.docx","status":"accepted","id":"5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10","version":1,"contentHash":"sha256:…"},
             {"name":"材料.zip/通知.txt","status":"accepted","id":"0b7d2c1e-8a55-3f0e-b3a1-4c2d9e8f7a61","version":1,"contentHash":"sha256:…"},
             {"name":"材料.zip/损坏.docx","status":"refused","problem":{"type":"urn:docsearch:problem:unparseable-document",
              "title":"Document refused","status":422,"detail":"材料.zip/损坏.docx: the file could not be read as …"}}]}""";
    static final String SUBMISSION = """
            {"title":"关于推进乡村振兴工作的报告","content":"一、总体情况\\n今年以来，我县全面推进乡村振兴……",
             "source":"县政府办公室","tags":["乡村振兴","报告"],"clientId":"report-2024-017"}""";

    private OpenApiExamples() {
    }
}
