package cn.docsearch.e2e.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The search page in a real browser (Debian's Chromium through Selenium) on the whole platform, through the gateway
 * only: a key entered on the first screen, a search with its snippets, the mode switch, a facet click, a date filter,
 * sort, page numbers and the next cursor, a near-identical copy folded under the best hit, "did you mean" for a query
 * that finds nothing, the document view at its matched passage with similar documents beside it, a suggestion by
 * pinyin initials chosen with the keyboard, an upload that becomes searchable and downloads as its original, a zip
 * whose members each become searchable, the copy check, and a phone's width without horizontal scrolling. The key
 * sees only a collection of this test's own, so the counts are those of the documents below. Screenshots of the main
 * screens go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchPageBrowserIT {
    private static final String COLLECTION = "browser-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String QUERY = "人居环境整治";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String[] VILLAGES = {"东岗", "西湖", "南塘", "北坡", "青石", "白沙", "红旗", "新华", "和平", "永安",
        "太平", "长乐", "金桥", "柳林", "杏花", "桃园", "梨树", "枫林", "松山", "竹溪", "荷塘", "石门"};
    // three lists of coprime lengths: no two briefs share all three sentences, so none folds under another
    private static final String[] WORKS = {"拆除违章搭建十二处，清理陈年垃圾三百余吨", "新建公共厕所两座，改造农户卫生厕所六十户",
        "铺设污水管网四公里，生活污水纳入集中处理", "开展村庄清洁行动，整治房前屋后乱堆乱放"};
    private static final String[] FOCUS = {"村两委每周组织一次环境卫生评比", "聘请专职保洁员负责公共区域日常保洁",
        "在主干道两侧补种行道树和花草", "对废弃坑塘进行清淤改造", "落实门前三包责任制"};
    private static final String[] METHODS = {"推行积分制管理，村民参与清洁可兑换生活用品", "开展最美庭院评选，评出示范户挂牌表彰",
        "设立红黑榜，每月公开通报", "组织党员包片包户，逐户上门宣传", "引导村民投工投劳，自己的家园自己建",
        "修订村规民约，把环境卫生写进条款", "实行网格化管理，网格员每日巡查"};
    private static final String SPEECH_TITLE = "在全县农村人居环境整治提升推进会上的讲话";
    private static final String SPEECH = String.join("\n", "同志们：",
            "今天召开全县农村人居环境整治提升推进会，主要任务是总结前一阶段工作，部署下一步任务。",
            "一、充分肯定前一阶段取得的成效",
            "过去一年，全县上下齐心协力，村庄面貌明显改善。全县新改建农村户用卫生厕所四千二百户，生活垃圾收运处置体系覆盖所有行政村。",
            "二、清醒认识存在的突出问题",
            "（一）厕所改造质量参差不齐",
            "有的地方重建设轻管护，部分户厕建成后无人清掏，群众用得不顺心。",
            "（二）生活污水治理仍是短板",
            "山区村庄居住分散，管网铺设成本高，污水直排现象仍然存在。",
            "三、扎实抓好下一步重点工作",
            "（一）突出抓好户厕问题摸排整改",
            "各乡镇要逐户排查，发现一户、整改一户，确保改一户、成一户、用一户。",
            "（二）因地制宜推进生活污水治理",
            "人口集中的村庄建设集中处理设施，居住分散的村庄推广小型化、生态化处理方式。",
            "县人民政府", "2024年3月15日");
    private static final String STRAW_TITLE = "秸秆综合利用调研报告";
    private static final String STRAW_PARAGRAPH = "今年以来，我县把秸秆综合利用作为农业绿色发展的重要抓手，推广秸秆还田、"
            + "秸秆饲料化和秸秆基料化利用，全县秸秆综合利用率达到百分之九十二，露天焚烧现象基本杜绝。";
    private static final String NOTICE_TITLE = "关于做好今冬明春森林防火工作的通知";
    private static final String NOTICE = String.join("\n", "各乡镇人民政府，县直有关单位：",
            "当前已进入森林防火紧要期，气温回升，降雨偏少，林区火险等级持续偏高。为做好今冬明春森林防火工作，现将有关事项通知如下。",
            "一、严格管控野外用火。春节、清明等重点时段，林区严禁上坟烧纸、燃放烟花爆竹和烧荒烧田埂。",
            "二、加强巡山护林。各乡镇要组织护林员每日巡查，在进山路口设卡登记，发现火情立即报告。",
            "三、做好扑救准备。县森林消防队实行二十四小时值班，物资库备足风力灭火机和扑火工具。",
            "县应急管理局", "2024年1月20日");
    private static final String FORWARDED_TITLE = "转发县应急管理局森林防火工作通知";
    private static final String UPLOAD_TITLE = "冬春季农田水利建设工作汇报";

    /** The briefs of the collection by id: all of them match QUERY, as does the speech. */
    private static final List<Brief> briefs = new ArrayList<>();
    private static LocalPlatform platform;
    private static String key;
    private static String speech;
    private static String notice;
    private static String forwarded;
    private static Path profile;
    /** Where the browser saves what the page downloads. */
    private static Path downloads;
    private static ChromeDriver browser;

    record Brief(String id, boolean cleaning, LocalDate date) {
    }

    @BeforeAll
    static void platformCorpusAndBrowser() throws IOException {
        Chromium.install();
        platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        // an admin of this collection only: it sees the statistics and uploads, and nothing of the other tests
        key = given(asAdmin()).contentType(ContentType.JSON)
                .body(Map.of("name", "浏览器测试", "role", "admin", "collections", List.of(COLLECTION)))
                .post("/api/v1/admin/keys").then().statusCode(201).extract().path("secret");
        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= VILLAGES.length; n++) {
            boolean cleaning = n % 2 == 1;
            LocalDate date = LocalDate.of(2022 + n % 3, 1 + n % 12, 1 + n % 27);
            String source = n % 2 == 0 ? "县农业农村局" : "乡镇办";
            String title = "农村人居环境整治工作简报（第" + n + "期）";
            String content = VILLAGES[n - 1] + "村推进农村人居环境整治，" + WORKS[n % WORKS.length] + "。"
                    + FOCUS[n % FOCUS.length] + "，" + METHODS[n % METHODS.length] + "，全村" + (80 + 7 * n) + "户农户参与。\n"
                    + source + "\n" + date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
            String id = submit(title, content, source, cleaning ? List.of("简报", "村庄清洁") : List.of("简报"));
            briefs.add(new Brief(id, cleaning, date));
            ids.add(id);
        }
        speech = submit(SPEECH_TITLE, SPEECH, "县人民政府", List.of("讲话", "厕所革命"));
        ids.add(speech);
        ids.add(submit(STRAW_TITLE, STRAW_PARAGRAPH + "\n下一步，要完善秸秆收储运体系，培育秸秆利用市场主体。", "县农业农村局",
                List.of("调研")));
        // the notice again as a township forwarded it, its title as a first line: another text (the same text would
        // be a duplicate, never stored twice) whose fingerprint lies a few bits from the notice's, so search folds the
        // two; neither matches QUERY, so the counts below stay those of the briefs and the speech
        notice = submit(NOTICE_TITLE, NOTICE, "县应急管理局", List.of("通知"));
        forwarded = submit(FORWARDED_TITLE, NOTICE_TITLE + "\n" + NOTICE, "镇政府办公室", List.of("通知"));
        ids.add(notice);
        ids.add(forwarded);
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given(as(key))
                    .get("/api/v1/documents/" + id + "/status").then().statusCode(200).body("status", equalTo("embedded")));
        }
        // embedded is searchable from the next refresh
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given(as(key)).queryParam("q", QUERY)
                .queryParam("mode", "keyword").get("/api/v1/search").<Integer>path("total")).isEqualTo(briefs.size() + 1));

        profile = Files.createTempDirectory("chromium-profile");
        browser = Chromium.start(profile, 1280, 900);
        // a download is saved there without asking (a headless browser could not answer a dialog)
        downloads = Files.createTempDirectory("downloads");
        browser.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
    }

    /** What the page showed when a test failed, beside the screenshots of the main screens. */
    @RegisterExtension
    final TestWatcher screenOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                Chromium.screenshot(browser, SCREENSHOTS.resolve("failed-" + context.getRequiredTestMethod().getName() + ".png"));
            }
        }
    };

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String submit(String title, String content, String source, List<String> tags) {
        return given(as(key)).contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", content, "source", source, "tags", tags, "collection", COLLECTION))
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
    }

    @Test
    @Order(1)
    void aNewVisitorLearnsWhereAKeyComesFromAndTheKeyShowsWhatThePlatformHolds() {
        browser.get(platform.gatewayUrl() + "/");
        browser.executeScript("localStorage.clear()");
        browser.navigate().refresh();
        WebElement help = visible(By.id("key-help"));
        assertThat(help.getText()).contains("POST /api/v1/admin/keys").contains("local-infra.jar admin-key");

        enterKey("dsk_not-a-key-of-this-platform");
        waitForText(By.cssSelector("#welcome .message"), "密钥无效或已被吊销");
        assertThat(browser.findElement(By.id("key-state")).getText()).isEqualTo("密钥无效");

        enterKey(key);
        long accepted = given(as(key)).get("/api/v1/admin/stats").then().statusCode(200).extract().jsonPath()
                .getLong("totals.accepted");
        waitForText(By.cssSelector("#stats h2"), "平台现有 " + accepted + " 篇文档");
        assertThat(browser.findElement(By.cssSelector("#stats table")).getText()).contains(COLLECTION);
        // "/" goes to the search box from anywhere but a field (the focus is on the save button now)
        new Actions(browser).sendKeys("/").perform();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("q");
    }

    @Test
    @Order(2)
    void aSearchNarrowedByAFacetAndDatesSortedAndSwitchedToKeywords() {
        open("/");
        WebElement box = browser.findElement(By.id("q"));
        box.sendKeys(QUERY + Keys.ENTER);
        visible(By.cssSelector("#results .hit"));
        assertThat(range()).startsWith("第 1-10 条，共 ");

        // the mode switch runs the search again at once
        browser.findElement(By.cssSelector(".modes input[value=keyword] + span")).click();
        int all = briefs.size() + 1;
        // the answer of the keyword search (hybrid may have counted as many)
        waitForText(By.cssSelector("#summary .took"), "关键词检索");
        waitForRange("第 1-10 条，共 " + all + " 条");
        assertThat(browser.getCurrentUrl()).contains("mode=keyword");
        // the best hit shows the passage around its answer, the query's words marked
        WebElement snippet = browser.findElement(By.cssSelector("#results .hit .snippet"));
        assertThat(snippet.findElements(By.tagName("em")).stream().map(WebElement::getText).toList())
                .as("words marked in %s", snippet.getText()).isNotEmpty()
                .allSatisfy(word -> assertThat(QUERY).contains(word));

        // a facet value's count is the total once it is clicked
        WebElement cleaning = browser.findElement(By.cssSelector(".facet-value[data-field=tags][data-value='村庄清洁']"));
        long cleaningBriefs = count(Brief::cleaning);
        assertThat(cleaning.findElement(By.className("count")).getText()).isEqualTo(String.valueOf(cleaningBriefs));
        cleaning.click();
        waitForRange("第 1-10 条，共 " + cleaningBriefs + " 条");
        assertThat(browser.findElement(By.id("chips")).getText()).contains("标签：村庄清洁");
        assertThat(browser.findElement(By.cssSelector(".facet-value[data-value='村庄清洁']")).getAttribute("aria-pressed"))
                .isEqualTo("true");

        // the dates of 2023, on top of the tag
        setDate("date-from", "2023-01-01");
        setDate("date-to", "2023-12-31");
        long cleaningOf2023 = count(brief -> brief.cleaning() && brief.date().getYear() == 2023);
        waitForRange("第 1-" + cleaningOf2023 + " 条，共 " + cleaningOf2023 + " 条");
        assertThat(hitDates()).allSatisfy(date -> assertThat(date).startsWith("2023-"));
        Chromium.screenshot(browser, SCREENSHOTS.resolve("results-with-facets.png"));

        // the tag's chip removed: every document of 2023 (the speech is of 2024)
        browser.findElement(By.cssSelector("#chips .chip .chip-remove")).click();
        long of2023 = count(brief -> brief.date().getYear() == 2023);
        waitForRange("第 1-" + of2023 + " 条，共 " + of2023 + " 条");
        browser.findElement(By.cssSelector("#chips .chip .chip-remove")).click();
        waitForRange("第 1-10 条，共 " + all + " 条");

        new Select(browser.findElement(By.id("sort"))).selectByVisibleText("最新");
        String newest = briefs.stream().map(Brief::date).max(LocalDate::compareTo).orElseThrow().toString();
        waiting(20).until(driver -> hitDates().stream().findFirst()
                .filter(newest::equals).isPresent());
        List<String> dates = hitDates();
        assertThat(dates).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    @Order(3)
    void pagesByNumberAndThenByTheNextCursor() {
        open("/?q=" + QUERY + "&mode=keyword");
        int all = briefs.size() + 1;
        waitForRange("第 1-10 条，共 " + all + " 条");
        Set<String> seen = new LinkedHashSet<>(hitIds());

        browser.findElement(By.xpath("//nav[@id='pager']/button[normalize-space()='2']")).click();
        waitForRange("第 11-20 条，共 " + all + " 条");
        assertThat(browser.getCurrentUrl()).contains("page=2");
        seen.addAll(hitIds());

        browser.findElement(By.cssSelector("#pager .page-next")).click();
        waitForRange("第 21-" + all + " 条，共 " + all + " 条");
        seen.addAll(hitIds());
        List<String> matching = new ArrayList<>(briefs.stream().map(Brief::id).toList());
        matching.add(speech);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(matching);
        // the third page came by the cursor of the second, not by its number
        Object cursorAsked = browser.executeScript("return performance.getEntriesByType('resource')"
                + ".some(entry => entry.name.includes('/api/v1/search?') && entry.name.includes('cursor='))");
        assertThat(cursorAsked).isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#pager .page-next"))).isEmpty();
    }

    @Test
    @Order(4)
    void aNearIdenticalCopyIsFoldedUnderTheBestHitAndListedOnRequest() {
        open("/?q=森林防火&mode=keyword");
        // both are counted, one is shown
        waitForRange("第 1-2 条，共 2 条");
        List<WebElement> shown = browser.findElements(By.cssSelector("#results .hit"));
        assertThat(shown).hasSize(1);
        WebElement toggle = shown.get(0).findElement(By.className("folded-toggle"));
        WebElement foldedList = shown.get(0).findElement(By.className("folded-list"));
        assertThat(toggle.getText()).isEqualTo("另有 1 篇相同或几乎相同的文档");
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(foldedList.isDisplayed()).isFalse();

        toggle.click();
        assertThat(foldedList.isDisplayed()).isTrue();
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        // which of the two ranks first is the scoring's choice: the other one is folded
        List<String> bestThenFolded = hitIds();
        assertThat(bestThenFolded).containsExactlyInAnyOrder(notice, forwarded);
        String foldedTitle = bestThenFolded.get(1).equals(notice) ? NOTICE_TITLE : FORWARDED_TITLE;
        WebElement copy = foldedList.findElement(By.tagName("a"));
        assertThat(copy.getText()).isEqualTo(foldedTitle);
        copy.click();
        waitForText(By.cssSelector("#doc-article .doc-title"), foldedTitle);
    }

    @Test
    @Order(5)
    void aQueryThatFindsNothingIsOfferedTheTitleWordsItSoundsLike() {
        // pinyin typed without converting it: no text holds it, the straw report's title reads so
        open("/?q=jiegan&mode=keyword");
        waitForText(By.id("summary"), "没有找到与“jiegan”相关的文档。");
        WebElement suggestion = visible(By.cssSelector("#did-you-mean a"));
        assertThat(browser.findElement(By.id("did-you-mean")).getText()).isEqualTo("您是不是要找：秸秆");

        suggestion.click();
        waitForRange("第 1-1 条，共 1 条");
        assertThat(browser.findElement(By.cssSelector("#results .hit-title")).getText()).isEqualTo(STRAW_TITLE);
        assertThat(browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("秸秆");
    }

    @Test
    @Order(6)
    void theDocumentViewOpensAtTheMatchedPassageAndBackReturnsToTheResults() {
        open("/?q=齐心协力&mode=keyword");
        waitForRange("第 1-1 条，共 1 条");
        browser.findElement(By.cssSelector("#results .hit-title")).click();

        waitForText(By.cssSelector("#doc-article .doc-title"), SPEECH_TITLE);
        String metadata = browser.findElement(By.cssSelector(".doc-meta")).getText();
        assertThat(metadata).contains("县人民政府").contains("2024-03-15").contains("讲话、厕所革命").contains(COLLECTION);
        assertThat(browser.findElements(By.cssSelector("#doc-outline li")).stream().map(WebElement::getText).toList())
                .contains("一、充分肯定前一阶段取得的成效", "（一）厕所改造质量参差不齐", "三、扎实抓好下一步重点工作");
        WebElement matched = browser.findElement(By.cssSelector(".doc-body .matched"));
        assertThat(matched.getText()).contains("全县上下齐心协力");
        // the words the search marked, marked in the text too (IK may have matched them as one word or two)
        assertThat(matched.findElements(By.tagName("em")).stream().map(WebElement::getText).reduce("", String::concat))
                .isEqualTo("齐心协力");
        assertThat(isInViewport(matched)).isTrue();
        // the outline jumps to its heading
        browser.findElement(By.xpath("//nav[@id='doc-outline']//button[.='（二）因地制宜推进生活污水治理']")).click();
        waiting(5).until(driver -> isInViewport(
                driver.findElement(By.xpath("//div[@class='doc-body']/*[.='（二）因地制宜推进生活污水治理']"))));
        waitForGone(By.xpath("//div[@id='similar']/p[.='正在查找…']"));
        // the documents nearest in meaning are the briefs on the same work, never the speech itself
        List<String> similar = browser.findElements(By.cssSelector("#similar a")).stream()
                .map(link -> link.getDomAttribute("href").substring("#doc=".length())).toList();
        assertThat(similar).doesNotContain(speech).containsAnyElementsOf(briefs.stream().map(Brief::id).toList());
        browser.executeScript("window.scrollTo(0, 0)");
        Chromium.screenshot(browser, SCREENSHOTS.resolve("document-view.png"));

        browser.navigate().back();
        visible(By.id("view-search"));
        assertThat(browser.findElement(By.id("view-doc")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.cssSelector("#results .hit-title")).getText()).isEqualTo(SPEECH_TITLE);

        browser.findElement(By.cssSelector("#results .hit-title")).click();
        visible(By.id("view-doc"));
        browser.findElement(By.id("doc-close")).click();
        visible(By.id("view-search"));
    }

    @Test
    @Order(7)
    void suggestionsByPinyinInitialsAreChosenWithTheKeyboard() {
        open("/");
        WebElement box = browser.findElement(By.id("q"));
        box.sendKeys("ncrjhj");
        visible(By.cssSelector("#suggestions li"));
        box.sendKeys(Keys.ESCAPE);
        waitForGone(By.id("suggestions"));

        box.sendKeys("z");
        WebElement first = visible(By.cssSelector("#suggestions li"));
        assertThat(first.findElement(By.className("kind")).getText()).isEqualTo("标题");
        String title = first.findElement(By.className("suggestion-text")).getText();
        assertThat(title).contains("农村人居环境整治");
        box.sendKeys(Keys.ARROW_DOWN);
        assertThat(first.getAttribute("aria-selected")).isEqualTo("true");
        box.sendKeys(Keys.ENTER);
        // a title opens its document
        waitForText(By.cssSelector("#doc-article .doc-title"), title);
    }

    @Test
    @Order(8)
    void anUploadedFileBecomesSearchableAndItsHitDownloadsTheOriginal() throws IOException {
        Path file = Files.createTempDirectory("upload").resolve(UPLOAD_TITLE + ".txt");
        Files.writeString(file, UPLOAD_TITLE + "\n今冬明春，全镇共疏浚沟渠四十二公里，新修机耕道十一公里，加固小型水库两座，"
                + "为来年粮食丰收打下基础。\n镇农业服务中心\n2024年1月8日", StandardCharsets.UTF_8);
        assertThat(uploadUntilSearchable(file, 1)).containsExactly(UPLOAD_TITLE + ".txt");
        assertThat(browser.findElement(By.cssSelector(".upload-item progress")).getAttribute("value")).isEqualTo("100");
        Chromium.screenshot(browser, SCREENSHOTS.resolve("upload.png"));

        browser.findElement(By.id("q")).sendKeys("机耕道" + Keys.ENTER);
        waiting(20).until(driver -> {
            // embedded is searchable from the next refresh: ask again until it is
            driver.findElement(By.id("search-button")).click();
            return driver.findElements(By.cssSelector("#results .hit-title")).stream()
                    .anyMatch(title -> title.getText().equals(UPLOAD_TITLE));
        });
        // the search of the last click may still be on its way, and its answer redraws the hits
        waiting(20).until(driver -> driver.findElement(By.id("results-layout")).getAttribute("aria-busy") == null);
        String uploadedHit = "//ol[@id='results']/li[.//a[@class='hit-title' and .='" + UPLOAD_TITLE + "']]";
        WebElement original = browser.findElement(
                By.xpath(uploadedHit + "//button[contains(@class, 'original-download')]"));
        assertThat(original.getText()).isEqualTo("原件：" + file.getFileName());

        original.click();
        waitForText(By.xpath(uploadedHit + "//span[@class='download-state']"), "已下载 " + file.getFileName());
        // the file as it was uploaded, under its name
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(finishedDownloads())
                .anySatisfy(downloaded -> assertThat(downloaded).hasFileName(file.getFileName().toString())
                        .hasSameBinaryContentAs(file)));
    }

    @Test
    @Order(9)
    void eachFileOfAnUploadedZipBecomesSearchable() throws IOException {
        Map<String, String> members = Map.of(
                "汛前水毁工程修复情况.txt", "汛前水毁工程修复情况\n全镇去年汛期损毁的河堤、塘坝和过水路面共十七处，已于四月底前全部修复，"
                        + "新购置编织袋五千条、救生衣两百件，存放在镇防汛物资仓库。\n镇水利站\n2024年4月30日",
                "农机安全生产检查情况.txt", "农机安全生产检查情况\n春耕前，县农机中心对全镇拖拉机、收割机逐台检验，发现制动失灵、"
                        + "灯光不全等隐患三十一处，督促机主限期排除，并为一百二十名机手开展安全培训。\n县农机中心\n2024年3月5日");
        Path zip = Files.createTempDirectory("upload").resolve("春季安全检查材料.zip");
        try (ZipOutputStream archive = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, String> member : members.entrySet()) {
                archive.putNextEntry(new ZipEntry(member.getKey()));
                archive.write(member.getValue().getBytes(StandardCharsets.UTF_8));
                archive.closeEntry();
            }
        }

        // a member is named inside its zip
        assertThat(uploadUntilSearchable(zip, members.size())).containsExactlyInAnyOrderElementsOf(
                members.keySet().stream().map(member -> zip.getFileName() + "/" + member).toList());
    }

    @Test
    @Order(10)
    void theCopyCheckFindsWhereAPastedParagraphCameFrom() {
        open("/#check");
        // the paragraph with a few words changed
        browser.findElement(By.id("check-text")).sendKeys(STRAW_PARAGRAPH.replace("现象基本杜绝", "基本杜绝").replace("今年以来，", ""));
        browser.findElement(By.id("check-button")).click();

        WebElement copied = visible(By.cssSelector(".check-list li.copied"));
        assertThat(copied.findElement(By.className("source-title")).getText()).isEqualTo(STRAW_TITLE);
        assertThat(copied.findElement(By.className("similarity")).getText()).matches("相似度 (8[7-9]|9\\d|100)%");
        assertThat(browser.findElement(By.className("check-summary")).getText()).startsWith("这段文字很可能复制自 1 篇文档");
        Chromium.screenshot(browser, SCREENSHOTS.resolve("copy-check.png"));

        copied.findElement(By.className("source-title")).click();
        waitForText(By.cssSelector("#doc-article .doc-title"), STRAW_TITLE);
        assertThat(browser.findElement(By.cssSelector(".doc-body .matched")).getText()).contains("秸秆饲料化");
    }

    @Test
    @Order(11)
    void onAPhoneNoScreenScrollsSideways() {
        Chromium.screenWidth(browser, 390, 844);
        try {
            open("/?q=" + QUERY + "&mode=keyword");
            waitForRange("第 1-10 条，共 " + (briefs.size() + 1) + " 条");
            assertThat(browser.findElement(By.id("filters")).getAttribute("open")).as("filters folded").isNull();
            assertNoSidewaysScroll("results");
            Chromium.screenshot(browser, SCREENSHOTS.resolve("phone-results.png"));

            browser.findElement(By.cssSelector("#filters summary")).click();
            visible(By.cssSelector(".facet-value[data-field=tags]"));
            assertNoSidewaysScroll("results with the filters open");

            browser.findElement(By.cssSelector("#results .hit-title")).click();
            visible(By.cssSelector("#doc-article .doc-title"));
            assertNoSidewaysScroll("document");
            for (String view : List.of("upload", "check")) {
                browser.get(platform.gatewayUrl() + "/#" + view);
                visible(By.id("view-" + view));
                assertNoSidewaysScroll(view);
            }
            open("/");
            visible(By.id("stats"));
            assertNoSidewaysScroll("first screen");
        } finally {
            Chromium.screenWidth(browser, 0, 0);
        }
    }

    // ---- helpers ----

    private static RequestSpecification asAdmin() {
        return as(platform.adminKey());
    }

    private static RequestSpecification as(String apiKey) {
        return new RequestSpecBuilder().setBaseUri(platform.gatewayUrl()).addHeader(LocalPlatform.API_KEY_HEADER, apiKey)
                .build();
    }

    /** The page at this address with the key in the browser, as after an earlier visit. */
    private static void open(String address) {
        browser.get(platform.gatewayUrl() + "/search.css");
        browser.executeScript("localStorage.setItem('docsearch-api-key', arguments[0])", key);
        browser.get(platform.gatewayUrl() + address);
    }

    private static void enterKey(String value) {
        WebElement input = browser.findElement(By.id("api-key"));
        input.clear();
        input.sendKeys(value);
        browser.findElement(By.id("key-save")).click();
    }

    private static long count(Predicate<Brief> which) {
        return briefs.stream().filter(which).count();
    }

    /** Sets a date field as a date picker would (typing into one depends on the browser's locale). */
    private static void setDate(String id, String date) {
        browser.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('change', { bubbles: true }))", browser.findElement(By.id(id)), date);
    }

    private static String range() {
        return browser.findElement(By.cssSelector("#summary .range")).getText();
    }

    private static void waitForRange(String text) {
        waitForText(By.cssSelector("#summary .range"), text);
    }

    /** The page's results, those folded under another included. */
    @SuppressWarnings("unchecked")
    private static List<String> hitIds() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#results .hit, #results .folded-list li'), hit => hit.dataset.id)");
    }

    private static List<String> hitDates() {
        return texts("#results .hit .date");
    }

    /** Read in one go: a list of elements could be redrawn while read one by one. */
    @SuppressWarnings("unchecked")
    private static List<String> texts(String selector) {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll(arguments[0]),"
                + " element => element.textContent)", selector);
    }

    /**
     * Gives the file to the upload field and waits until each document it became is searchable by meaning too.
     *
     * @return the names the page lists them by
     */
    private static List<String> uploadUntilSearchable(Path file, int documents) {
        open("/#upload");
        browser.findElement(By.id("upload-input")).sendKeys(file.toAbsolutePath().toString());
        waitForText(By.cssSelector(".upload-item .upload-state"), "上传完成：接收 " + documents + " 篇");
        waiting(120).until(driver -> driver.findElements(
                By.cssSelector(".upload-document[data-status=embedded]")).size() == documents);
        assertThat(texts(".upload-document .document-state")).hasSize(documents)
                .allSatisfy(state -> assertThat(state).startsWith("可检索"));
        return texts(".upload-document .file-name");
    }

    /** What the browser has finished downloading (it writes a download to a .crdownload file first). */
    private static List<Path> finishedDownloads() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(file -> !file.getFileName().toString().endsWith(".crdownload")).toList();
        }
    }

    /** A wait that reads the page again when it was redrawn between finding an element and reading it. */
    private static WebDriverWait waiting(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static WebElement visible(By locator) {
        return waiting(20).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private static void waitForText(By locator, String text) {
        waiting(20).until(driver -> driver.findElements(locator).stream()
                .anyMatch(element -> element.getText().contains(text)));
    }

    private static void waitForGone(By locator) {
        waiting(20).until(ExpectedConditions.invisibilityOfElementLocated(locator));
    }

    private static boolean isInViewport(WebElement element) {
        return (Boolean) browser.executeScript("const box = arguments[0].getBoundingClientRect();"
                + "return box.bottom > 0 && box.top < window.innerHeight", element);
    }

    private static void assertNoSidewaysScroll(String screen) {
        Map<?, ?> widths = (Map<?, ?>) browser.executeScript("return { scroll: document.documentElement.scrollWidth,"
                + " inner: window.innerWidth }");
        assertThat(((Number) widths.get("inner")).intValue()).as("viewport of %s", screen).isEqualTo(390);
        assertThat(((Number) widths.get("scroll")).intValue()).as("width of %s", screen).isLessThanOrEqualTo(390);
    }
}
