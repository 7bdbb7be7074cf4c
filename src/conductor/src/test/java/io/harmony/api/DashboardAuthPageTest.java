package io.harmony.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.harmony.EmbeddedInfraResource;
import io.harmony.security.AuthOn;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The dashboard page against a conductor with auth on, in headless Chromium: it asks for a token once, keeps it in
 * the tab (sessionStorage), sends it on every call and on its event stream, and a reload does not ask again.
 */
@QuarkusTest
@TestProfile(AuthOn.class)
@WithTestResource(value = EmbeddedInfraResource.class, scope = TestResourceScope.GLOBAL)
class DashboardAuthPageTest {
    static final Duration LIVE = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URL page;

    @Test
    void thePageAsksForATokenOnceKeepsItInTheTabAndUsesItForCallsAndTheStream() throws Exception {
        DashboardPageTest.requireChromium();
        String admin = AuthOn.adminToken();
        String component = "watched-" + UUID.randomUUID().toString().substring(0, 8);
        // a component token: reads (dashboard, alerts, events) are open to any valid token
        String token = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + admin)
                .body("{\"component\":\"" + component + "\"}").post("/tokens").then().statusCode(201).extract().path("token");
        String id = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body("{\"component\":\"" + component + "\",\"version\":\"1\",\"port\":7801}").post("/register")
                .then().statusCode(201).extract().path("component_id");

        Path profile = Files.createTempDirectory("harmony-chromium-");
        WebDriver driver = null;
        try {
            // The prompt can open before the page's load event, which then waits for the answer: a navigation that
            // waited for that event hung until chromedriver's timeout (seen once in CI, 215 s). Return at once instead.
            driver = DashboardPageTest.startChromium(profile, PageLoadStrategy.NONE);
            var wait = new WebDriverWait(driver, LIVE);

            // Given: the page is opened without a token; the conductor answers 401, so the page asks for one
            driver.get(page.toString());
            Alert prompt = wait.until(alertIsPresent());
            prompt.sendKeys(token);
            prompt.accept();

            // Then: the page shows the component and its event stream is live (the stream took ?access_token=)
            wait.until(attributeToBe(By.id("connection"), "data-state", "live"));
            wait.until(d -> !d.findElements(By.cssSelector("tr[data-component-id='" + id + "']")).isEmpty());
            JavascriptExecutor js = (JavascriptExecutor) driver;
            // compared without assertEquals, whose message would print the secret into the test output
            assertTrue(token.equals(js.executeScript("return sessionStorage.getItem('harmony.token');")),
                    "sessionStorage does not hold the token entered");

            // When: the page reloads, the tab still holds the token: no second prompt, live again
            WebElement before = driver.findElement(By.id("connection"));
            driver.navigate().refresh();
            wait.until(stalenessOf(before)); // the reloaded page, not the old one still showing "live"
            wait.until(attributeToBe(By.id("connection"), "data-state", "live"));
            wait.until(d -> !d.findElements(By.cssSelector("tr[data-component-id='" + id + "']")).isEmpty());
            assertNoPrompt(driver);
            assertNoScriptErrorsBut401s(driver);
        } finally {
            if (driver != null) {
                driver.quit();
            }
            DashboardPageTest.deleteTree(profile);
        }
    }

    private static void assertNoPrompt(WebDriver driver) {
        try {
            Alert alert = driver.switchTo().alert();
            throw new AssertionError("the page asked again: " + alert.getText());
        } catch (NoAlertPresentException expected) {
            // no prompt: the token came from sessionStorage
        }
    }

    /** The first calls' 401s (before the prompt) are expected; nothing else may be logged as an error. */
    private static void assertNoScriptErrorsBut401s(WebDriver driver) {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("401"))
                .toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }
}
