package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.safeguarding.oidcprovider.TestOidcProvider;

/**
 * Signing in through OpenID Connect, in the browser, against a real provider (Spring Authorization Server) on
 * another site: the person signs in there, comes back with roles from the ID token's claim as the mapping says (and
 * only those), with the Strict session cookie working from the first page; one whose claims map to no hub role
 * reaches no page; each sign-in is audited. A hub of its own (the provider must be up before it starts).
 */
@org.springframework.boot.test.context.SpringBootTest(
        classes = uk.safeguarding.hub.HubApplication.class,
        webEnvironment = org.springframework.boot.test.context.SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "hub.pki.dev-directory=" + TestPki.DIR)
class OidcSignInTest {

    static final int HUB_PORT = HubTestBase.freePort();
    static final int PROVIDER_PORT = HubTestBase.freePort();

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    uk.safeguarding.hub.vault.Vault vault;

    static ConfigurableApplicationContext provider;

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        if (provider == null) {
            provider =
                    TestOidcProvider.start(PROVIDER_PORT, "https://localhost:" + HUB_PORT + "/login/oauth2/code/cis2");
        }
        String client = "spring.security.oauth2.client.registration.cis2.";
        // Its own hub beside the shared one, which the context cache keeps running: its own ports and data.
        HubTestBase.common(
                registry, "target/oidc-" + java.util.UUID.randomUUID(), HubTestBase.freePort(), HubTestBase.freePort());
        registry.add("server.port", () -> HUB_PORT);
        registry.add(client + "client-id", () -> TestOidcProvider.CLIENT_ID);
        registry.add(client + "client-secret", () -> TestOidcProvider.CLIENT_SECRET);
        registry.add(client + "authorization-grant-type", () -> "authorization_code");
        registry.add(client + "scope", () -> "openid,profile");
        registry.add(
                "spring.security.oauth2.client.provider.cis2.issuer-uri", () -> "http://127.0.0.1:" + PROVIDER_PORT);
        registry.add("hub.oidc.role-claim", () -> "roles");
        registry.add("hub.oidc.roles.hub-ops", () -> "OPS");
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

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
                "--window-size=1280,1200",
                "--user-data-dir=" + profile);
        options.setAcceptInsecureCerts(true);
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                        .build(),
                options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterEach
    void screenshotAndClose(TestInfo test) throws Exception {
        try {
            Files.createDirectories(ConsoleBrowser.SCREENSHOTS);
            Files.write(
                    ConsoleBrowser.SCREENSHOTS.resolve(
                            "oidc-" + test.getTestMethod().orElseThrow().getName() + ".png"),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    void signInAtTheProvider(String name) {
        browser.get("https://localhost:" + HUB_PORT + "/sign-in");
        browser.findElement(By.id("sign-in-with-cis2")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().startsWith("http://127.0.0.1:" + PROVIDER_PORT + "/login"));
        browser.findElement(By.id("username")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(TestOidcProvider.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().equals("https://localhost:" + HUB_PORT + "/console"));
    }

    @Test
    void anOperatorSignsInAtTheProviderAndGetsOnlyTheMappedRole() throws Exception {
        signInAtTheProvider("cis2-operator");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Signed in as cis2-operator");
        assertThat(browser.findElements(By.id("nav-operations"))).hasSize(1);
        assertThat(browser.findElements(By.id("nav-rules"))).isEmpty();
        Cookie session = browser.manage().getCookieNamed("hub-session");
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.isSecure()).isTrue();
        browser.findElement(By.id("nav-operations")).click();
        assertThat(browser.findElement(By.id("mailboxes")).getText()).contains("Waiting for each agency to collect");
        browser.get("https://localhost:" + HUB_PORT + "/console/audit");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("You cannot use this page");
        assertThat(AuditEntries.of(jdbc, vault, "SIGNED_IN", "%cis2-operator%", "%ROLE_OPS%"))
                .filteredOn(e -> !((String) e.get("DETAIL")).contains("unrelated"))
                .hasSize(1);
    }

    @Test
    void aPersonWhoseClaimsMapToNoRoleReachesNoPage() throws Exception {
        signInAtTheProvider("cis2-nobody");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Your sign-in has no role");
        browser.get("https://localhost:" + HUB_PORT + "/console/operations");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("You cannot use this page");
    }

    @Test
    void thePasswordFormStaysForLocalUsers() throws Exception {
        browser.get("https://localhost:" + HUB_PORT + "/sign-in");
        assertThat(browser.findElement(By.id("sign-in-with-cis2")).getText()).isEqualTo("Sign in with NHS CIS2");
        browser.findElement(By.id("username")).sendKeys(People.OPS);
        browser.findElement(By.id("password")).sendKeys(People.OPS_PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().endsWith("/console"));
        assertThat(browser.findElements(By.id("nav-operations"))).hasSize(1);
    }
}
