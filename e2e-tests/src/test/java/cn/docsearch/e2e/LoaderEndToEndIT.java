package cn.docsearch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.docsearch.client.ApiClient;
import cn.docsearch.client.api.DocumentsApi;
import cn.docsearch.client.api.SearchApi;
import cn.docsearch.client.model.SearchFacetCount;
import cn.docsearch.client.model.SearchFacetField;
import cn.docsearch.client.model.SearchResponse;
import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.loader.FolderLoader;
import cn.docsearch.loader.GatewayClient;

/**
 * The command-line loader on the packaged platform, through the Java client generated from the gateway's OpenAPI
 * document (the client any other system would generate): a folder of mixed files goes in, a second run skips what is
 * in, and the documents are found through the same client's search.
 */
class LoaderEndToEndIT {

    @Test
    void aFolderGoesInOnceAndASecondRunSkipsIt(@TempDir Path folder) throws Exception {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        String word = "装载" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(folder.resolve("通知.txt"), "关于" + word + "工作的通知\n各单位：请按要求落实。");
        Files.createDirectories(folder.resolve("讲话"));
        Files.write(folder.resolve("讲话/讲话稿.txt"), ("在" + word + "工作会议上的讲话\n同志们：今天我们召开这次会议，"
                + "主要任务是总结去年的工作，分析当前面临的形势，部署今年的重点任务。希望大家统一思想，提高认识，"
                + "切实把各项工作抓紧抓实抓出成效。").getBytes(Charset.forName("GBK")));
        Files.writeString(folder.resolve("笔记.md"), "# 学习笔记\n\n" + word + "的体会。");
        Files.write(folder.resolve("报告.docx"), MinimalDocx.of("一、基本情况", word + "工作进展顺利。"));
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("一.txt", ("第一份材料：" + word + "汇总。").getBytes(StandardCharsets.UTF_8));
        members.put("二.txt", ("第二份材料：" + word + "清单。").getBytes(StandardCharsets.UTF_8));
        Files.write(folder.resolve("材料.zip"), GatewayEndToEndIT.zip(members));
        Files.write(folder.resolve("空白.txt"), new byte[0]);
        Files.writeString(folder.resolve("图片.png"), "not a document type the loader sends");

        ApiClient client = GatewayClient.create(platform.gatewayUrl(), platform.adminKey());
        DocumentsApi documents = new DocumentsApi(client);
        PrintStream progress = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        FolderLoader.Summary first = new FolderLoader(documents, 3, "装载测试", List.of(word), null, progress).load(folder);
        assertThat(first.files()).isEqualTo(6);
        assertThat(first.accepted()).as(first.toString()).isEqualTo(6);
        assertThat(first.failures()).extracting(FolderLoader.Failure::path).containsExactly("空白.txt");
        assertThat(first.failures().get(0).reason()).startsWith("空白.txt: ").contains("empty");

        FolderLoader.Summary second = new FolderLoader(documents, 3, "装载测试", List.of(word), null, progress).load(folder);
        assertThat(second.skipped()).isEqualTo(5);
        assertThat(second.accepted()).isZero();
        assertThat(second.failures()).hasSize(1);

        SearchApi search = new SearchApi(client);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(search.search(word, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, false, "keyword", 1, 20).getTotal())
                .isEqualTo(6L));
        // the generated client sends a filter's and the facets' values as the gateway takes them
        SearchResponse tagged = search.search(word, List.of(word, "无此标签"), List.of("装载测试"), null, null, null, null,
                null, null, null, List.of(SearchFacetField.TAGS, SearchFacetField.SOURCE), "-date", null, null, null, false, "keyword", 1, 20);
        assertThat(tagged.getTotal()).isEqualTo(6L);
        assertThat(tagged.getFacets().get("tags")).extracting(SearchFacetCount::getValue, SearchFacetCount::getCount)
                .containsExactly(tuple(word, 6L));
        assertThat(tagged.getFacets().get("source")).extracting(SearchFacetCount::getValue).containsExactly("装载测试");
        // Chinese file names and form values arrive as they were written
        String speech = search.search(word + "工作会议", null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, false, "keyword", 1, 1).getHits().get(0).getId();
        assertThat(documents.getDocument(speech).getFileName()).isEqualTo("讲话稿.txt");
        assertThat(documents.getDocument(speech).getSource()).isEqualTo("装载测试");
    }
}
