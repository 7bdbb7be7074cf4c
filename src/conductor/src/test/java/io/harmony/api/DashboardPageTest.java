package io.harmony.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.harmony.EmbeddedInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The page at GET / in a real headless Chromium: components appear and turn degraded without a reload, from the SSE
 * stream and the /dashboard poll. Needs Debian's chromium and chromium-driver (.ci/run installs them).
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class DashboardPageTest {
    // Debian's paths, given explicitly so Selenium Manager never runs: it would try to download a driver.
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Degraded comes ~1.5 s after the last beat in the test profile; the bound leaves room for a slow CI machine. */
    static final Duration LIVE = Duration.ofSeconds(15);
    static final Duration BEAT = Duration.ofMillis(250);
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    /** Held so it is not collected: Selenium warns that it has no CDP support for Debian's newer Chromium; we use none. */
    static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
    }

    @TestHTTPResource("/")
    URL page;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void rootServesTheStaticPage() {
        given().accept(ContentType.HTML).get("/").then().statusCode(200)
                .contentType(ContentType.HTML).body(containsString("dashboard.js"));
        given().get("/dashboard.js").then().statusCode(200).body(containsString("addEventListener"));
        given().get("/dashboard.css").then().statusCode(200);
    }

    @Test
    void pageShowsComponentsLiveAndTurnsASilentOneDegradedWithoutReloading() throws Exception {
        requireChromium();
        Path profile = Files.createTempDirectory("harmony-chromium-");
        ScheduledExecutorService beater = Executors.newSingleThreadScheduledExecutor();
        WebDriver driver = null;
        try {
            driver = startChromium(profile);
            var wait = new WebDriverWait(driver, LIVE);

            // Given: the page is open (polling every second, so sparklines fill quickly) and its event stream is live
            driver.get(page + "?refresh=1");
            wait.until(attributeToBe(By.id("connection"), "data-state", "live"));
            ((JavascriptExecutor) driver).executeScript("window.harmonyNotReloaded = true;");

            // When: three neighbours and dash-test register and beat (from their registration on) with growing metrics
            // The first request of a fresh HttpClient is slow (class loading, connect): pay for it before any deadline runs.
            http.send(HttpRequest.newBuilder(URI.create(page + "dashboard")).build(), HttpResponse.BodyHandlers.discarding());
            var beating = new CopyOnWriteArrayList<Beating>();
            beater.scheduleAtFixedRate(() -> beating.forEach(b -> {
                if (b.keepBeating.get()) {
                    b.beat();
                }
            }), 0, BEAT.toMillis(), TimeUnit.MILLISECONDS);
            // Each starts beating as soon as it is registered, or it would turn degraded while the next registers.
            beating.add(new Beating(register("sherlock-hub", 8000), 10,
                    Map.of("average_response_time_ms", 45.0, "entities_count", 1200.0)));
            beating.add(new Beating(register("echo-git-sync", 8100), 0, Map.of("repos_synced", 14.0, "queue_depth", 3.0)));
            beating.add(new Beating(register("search-indexer", 8200), 0, Map.of("documents_indexed", 98_000.0)));
            Beating neighbour = beating.get(0);
            var dash = new Beating(register("dash-test", 7101), 0, Map.of("average_response_time_ms", 12.0));
            beating.add(dash);
            putState("dashboard:demo", "\"<b>escaped</b>\"");

            // Then: its row appears, healthy, with metrics and a sparkline, without a reload
            By row = By.cssSelector("tr[data-component-id='" + dash.id + "']");
            wait.until(attributeToBe(row, "data-status", "healthy"));
            wait.until(textToBePresentInElementLocated(By.cssSelector("tr[data-component-id='" + dash.id + "'] .age"), "ago"));
            wait.until(d -> Integer.parseInt(d.findElement(By.cssSelector(
                    "tr[data-component-id='" + neighbour.id + "'] svg.spark")).getDomAttribute("data-points")) >= 5);
            wait.until(presenceOfElementLocated(
                    By.cssSelector("#events li[data-event='component-registered'][data-component-id='" + dash.id + "']")));
            // Text from components is inserted as text, never as markup
            wait.until(textToBePresentInElementLocated(By.id("events"), "<b>escaped</b>"));

            // When: dash-test falls silent
            dash.keepBeating.set(false);

            // Then: the same page shows it degraded, and the transition in the latest events
            wait.until(attributeToBe(row, "data-status", "degraded"));
            wait.until(textToBePresentInElementLocated(
                    By.cssSelector("tr[data-component-id='" + dash.id + "'] .status"), "degraded"));
            wait.until(presenceOfElementLocated(
                    By.cssSelector("#events li[data-event='component-degraded'][data-component-id='" + dash.id + "']")));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) driver).executeScript("return window.harmonyNotReloaded;"),
                    "the page reloaded");
            assertEquals("degraded", driver.findElement(By.id("overall-status")).getDomAttribute("data-status"));
            // and the built-in component-degraded rule fires for it: the firing-alerts panel shows it, live
            wait.until(presenceOfElementLocated(
                    By.cssSelector("#alerts li[data-alert-name='component-degraded'][data-component-id='" + dash.id + "']")));

            Files.createDirectories(SCREENSHOT.getParent());
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                    StandardCopyOption.REPLACE_EXISTING);
            assertNoScriptErrors(driver);
        } finally {
            beater.shutdownNow();
            if (driver != null) {
                driver.quit();
            }
            deleteTree(profile);
        }
    }

    /** A registered component that beats with requests_total growing and its other metrics wobbling. */
    private final class Beating {
        final String id;
        final int beatsPerError;
        final Map<String, Double> base;
        final AtomicBoolean keepBeating = new AtomicBoolean(true);
        final AtomicLong requests = new AtomicLong();
        final AtomicLong beats = new AtomicLong();

        Beating(String id, int beatsPerError, Map<String, Double> base) {
            this.id = id;
            this.beatsPerError = beatsPerError;
            this.base = base;
        }

        void beat() {
            long n = beats.incrementAndGet();
            long total = requests.addAndGet(5 + (n * 7 + id.length()) % 17);
            String others = base.entrySet().stream()
                    .map(e -> "\"%s\":%.1f".formatted(e.getKey(), e.getValue() * (1 + 0.15 * Math.sin(n / 3.0 + id.length()))))
                    .collect(Collectors.joining(","));
            String body = """
                    {"component_id":"%s","status":"healthy","metrics":{"requests_total":%d,"errors":%d%s}}"""
                    .formatted(id, total, beatsPerError == 0 ? 0 : n / beatsPerError, others.isEmpty() ? "" : "," + others);
            post("heartbeat", body);
        }
    }

    private String register(String component, int port) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"component":"%s","version":"1.0","port":%d,"metrics":{"requests_total":0,"errors":0}}"""
                        .formatted(component, port))
                .post("/register").then().statusCode(201).extract().path("component_id");
    }

    private void putState(String key, String jsonValue) {
        given().contentType(ContentType.JSON).body("{\"value\":" + jsonValue + "}").put("/state/{key}", key)
                .then().statusCode(200);
    }

    // java.net.http rather than RestAssured: the beats run on the scheduler's thread, beside the test's own calls.
    private void post(String path, String json) {
        try {
            var request = HttpRequest.newBuilder(URI.create(page + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The dashboard browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver (bash .ci/run, the README's test command, does this)");
        }
    }

    static WebDriver startChromium(Path profile) {
        return startChromium(profile, org.openqa.selenium.PageLoadStrategy.NORMAL);
    }

    /** {@code NONE}: navigation returns at once, for a page that may open a prompt before its load event. */
    static WebDriver startChromium(Path profile, org.openqa.selenium.PageLoadStrategy pageLoad) {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-dev-shm-usage", "--window-size=1400,900",
                "--user-data-dir=" + profile);
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // A prompt (the page asks for a token when auth is on) stays open until the test answers it.
        options.setUnhandledPromptBehaviour(org.openqa.selenium.UnexpectedAlertBehaviour.IGNORE);
        options.setPageLoadStrategy(pageLoad);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Console errors other than the 404s of endpoints a conductor may not have (alerting, metrics history). */
    static void assertNoScriptErrors(WebDriver driver) {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !(m.contains("404") && (m.contains("/alerts/active") || m.contains("/metrics/"))))
                .toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Chromium may still be writing its profile as it exits; a leftover temp dir is harmless.
        }
    }
}
