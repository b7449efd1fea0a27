package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through chromedriver, on a test hub's real TLS port, with what the console tests do
 * in it: sign in, check a page with axe-core, keep a screenshot under {@code target/screenshots/}.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String AXE;

    static {
        try (var in =
                ConsoleBrowser.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            AXE = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    final WebDriver driver;
    private final int port;

    /**
     * Waits (generously) until {@code page}, an element of the page before a click, belongs to no page any more.
     * Mid-navigation Chromium may answer "Node with given id does not belong to the document" rather than
     * stale-element: that too means the old page is gone.
     */
    static void awaitLeft(WebDriver driver, org.openqa.selenium.WebElement page) {
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    ConsoleBrowser(Path profile, int port) {
        this(profile, port, true);
    }

    /** With {@code javascript} false, the browser runs no script of the page's (as a person who turned it off). */
    ConsoleBrowser(Path profile, int port, boolean javascript) {
        this.port = port;
        ChromeOptions options = new ChromeOptions();
        if (!javascript) {
            options.setExperimentalOption(
                    "prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--window-size=1280,1600",
                "--user-data-dir=" + profile);
        // The test PKI's CA is not in the browser's store; the TLS port is the hub's real one.
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        // An element a test expects may come a moment after the click that loads its page (a check that one is
        // absent waits this long too).
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    String url(String path) {
        return "https://localhost:" + port + path;
    }

    void signIn(String name, String password) {
        driver.get(url("/sign-in"));
        driver.findElement(By.id("username")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        // The click returns before the answer arrives: wait for it (the start page, or the form with its problem),
        // so that what the test reads next, the session cookie included, is the signed-in one.
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> !url("/sign-in").equals(d.getCurrentUrl()));
    }

    /**
     * axe-core run inside the page as it stands, against the WCAG 2.0 and 2.1 A and AA rules (4.6.3 has few of
     * 2.2's): no violation. The result is kept next to the screenshots.
     */
    void assertAccessible(String page) throws Exception {
        var js = (org.openqa.selenium.JavascriptExecutor) driver;
        js.executeScript(AXE);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        String violations = (String) js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                + ".then(r => done(JSON.stringify({passes: r.passes.length, violations: r.violations.map(v =>"
                + " ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))})))"
                + ".catch(e => done(JSON.stringify({error: String(e)})));");
        Files.createDirectories(SCREENSHOTS);
        Files.writeString(SCREENSHOTS.resolve("axe-" + page + ".json"), violations);
        screenshot("page-" + page);
        assertThat(violations).as("axe on " + page).contains("\"violations\":[]");
    }

    void screenshot(String name) throws java.io.IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** Whether the page as loaded has no such element (without the implicit wait, which an absence always costs). */
    boolean absent(By by) {
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            return driver.findElements(by).isEmpty();
        } finally {
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        }
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
