package cn.docsearch.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The download's Content-Disposition: the name in UTF-8 for browsers, a plain fallback for the rest. */
class ContentDispositionTest {

    @Test
    void aChineseNameIsPercentEncodedInUtf8WithAnAsciiFallback() {
        assertThat(ContentDisposition.attachment("会议纪要.docx")).isEqualTo(
                "attachment; filename=\"____.docx\"; filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.docx");
    }

    @Test
    void quotesBackslashesSpacesAndControlsCannotBreakTheHeader() {
        assertThat(ContentDisposition.attachment("a \"b\"\\c\r\n.txt")).isEqualTo(
                "attachment; filename=\"a _b__c__.txt\"; filename*=UTF-8''a%20%22b%22%5Cc%0D%0A.txt");
    }

    @Test
    void rfc5987AttributeCharactersStayAsTheyAre() {
        assertThat(ContentDisposition.attachment("Report_2024-v1.0~final!.pdf"))
                .endsWith("filename*=UTF-8''Report_2024-v1.0~final!.pdf");
    }
}
