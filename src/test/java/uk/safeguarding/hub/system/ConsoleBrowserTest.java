package uk.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in a real browser: Debian's headless Chromium through chromedriver, over the hub's real TLS port.
 * Per role, what the start page offers and what each page shows or refuses; the sign-in lockout; the session
 * cookie's flags; a state change without its CSRF token refused. Each test leaves a screenshot under
 * {@code target/screenshots/}.
 */
class ConsoleBrowserTest extends HubTestBase {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    WebDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--user-data-dir=" + profile);
        // The test PKI's CA is not in the browser's store; the TLS port is the hub's real one.
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void screenshotAndClose(TestInfo test) throws Exception {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(
                    SCREENSHOTS.resolve(
                            "console-" + test.getTestMethod().orElseThrow().getName() + ".png"),
                    png);
        } finally {
            browser.quit();
        }
    }

    String url(String path) {
        return "https://localhost:" + port + path;
    }

    void signIn(String name, String password) {
        browser.get(url("/sign-in"));
        browser.findElement(By.id("username")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
    }

    String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    @Test
    void anOperatorSeesTheDashboardAndIsRefusedTheAudit() {
        browser.get(url("/console/operations"));
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");

        signIn(People.OPS, People.OPS_PASSWORD);
        assertThat(browser.getCurrentUrl()).endsWith("/console");
        assertThat(browser.findElements(By.id("nav-operations"))).hasSize(1);
        assertThat(browser.findElements(By.id("nav-audit"))).isEmpty();

        browser.findElement(By.id("nav-operations")).click();
        assertThat(browser.findElement(By.id("queues")).getText()).contains("mailbox.social-care", "DLQ");
        assertThat(browser.findElement(By.id("follow-up")).isDisplayed()).isTrue();

        browser.get(url("/console/audit"));
        assertThat(text()).contains("You cannot use this page");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type = 'ACCESS_REFUSED' AND detail LIKE ?"
                                + " AND detail LIKE ?",
                        Integer.class,
                        "%/console/audit%",
                        "%\"" + People.OPS + "\"%"))
                .isPositive();
    }

    @Test
    void anAuditorSeesTheChainVerifiedAndNotOperations() {
        signIn(People.AUDITOR, People.AUDITOR_PASSWORD);
        assertThat(browser.findElements(By.id("nav-operations"))).isEmpty();
        browser.findElement(By.id("nav-audit")).click();
        assertThat(browser.findElement(By.id("chain-intact")).getText()).contains("The audit chain is intact");
        browser.get(url("/console/operations"));
        assertThat(text()).contains("You cannot use this page");
    }

    @Test
    void theSessionCookieIsSecureHttpOnlyAndStrictAndAStateChangeNeedsItsToken() throws Exception {
        signIn(People.OPS, People.OPS_PASSWORD);
        Cookie session = browser.manage().getCookieNamed("hub-session");
        assertThat(session).isNotNull();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");

        // Another site's page posting the sign-out form with the person's cookie but without the CSRF token.
        HttpResponse<String> forged = AgencyClient.anonymous(port)
                .raw(HttpRequest.newBuilder(URI.create(url("/sign-out")))
                        .header("Cookie", "hub-session=" + session.getValue())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(forged.statusCode()).isEqualTo(403);
        browser.get(url("/console"));
        assertThat(browser.getCurrentUrl()).endsWith("/console");

        browser.findElement(By.id("sign-out")).click();
        assertThat(text()).contains("You have signed out.");
        browser.get(url("/console"));
        assertThat(browser.getCurrentUrl()).contains("/sign-in");
    }

    @Test
    void repeatedWrongPasswordsLockTheNameAndTheRightOneThenWaits() {
        for (int i = 0; i < 5; i++) {
            signIn(People.LOCKED_IN_BROWSER, "wrong-" + i);
        }
        signIn(People.LOCKED_IN_BROWSER, People.LOCKED_PASSWORD);
        assertThat(browser.findElement(By.id("sign-in-problem")).getText()).contains("Signing in is paused");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type IN ('SIGN_IN_FAILED', 'SIGN_IN_REFUSED',"
                                + " 'SIGN_IN_LOCKED') AND detail LIKE ?",
                        Integer.class,
                        "%" + People.LOCKED_IN_BROWSER + "%"))
                .isGreaterThanOrEqualTo(5);
    }
}
