package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, as the browser tests use it: Debian's {@code /usr/bin/chromium} through its
 * {@code /usr/bin/chromedriver} (Selenium Manager never downloads a browser), a fresh profile, and screenshots of
 * the pages in {@code target/console-screenshots}.
 */
final class TestBrowser implements AutoCloseable {
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    /** How long a page may take to come after a click; a sign-in alone spends a BCrypt verification. */
    private static final Duration PAGE_LOAD = Duration.ofSeconds(30);
    final WebDriver driver;
    private final WebDriverWait wait;
    private final String baseUrl;

    TestBrowser(String baseUrl, Path profile) {
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, PAGE_LOAD);
    }

    void signIn(String user, String password) {
        open("login");
        screenshot("00-sign-in");
        type("user", user);
        type("password", password);
        click("sign-in");
        assertThat(text("who")).startsWith(user + " (" + user);
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** The element's text, once the page that has it is there: a form's answer may still be on its way. */
    String text(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id))).getText();
    }

    void type(String id, String value) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    void click(String id) {
        driver.findElement(By.id(id)).click();
    }

    List<String> inboxAccounts() {
        open("inbox");
        return driver.findElements(By.cssSelector("#drafts tbody tr td:first-child")).stream().map(WebElement::getText).toList();
    }

    /** Moves down the inbox with j until the draft's row is selected, then opens it with Enter. */
    void openFromInboxByKeyboard(String offerId) {
        open("inbox");
        for (int presses = 0; presses < 10 && driver.findElements(By.cssSelector("tr.selected[data-offer='" + offerId + "']")).isEmpty(); presses++) {
            press("j");
        }
        press(Keys.ENTER);
        wait.until(ExpectedConditions.urlToBe(baseUrl + "drafts/" + offerId));
    }

    void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }

    /** The inbox's drafts without a decision on its way to the job. */
    List<String> awaitingAccounts() {
        open("inbox");
        return driver.findElements(By.cssSelector("#drafts tbody tr")).stream()
                .filter(row -> row.findElements(By.className("pending")).isEmpty())
                .map(row -> row.findElement(By.tagName("td")).getText()).toList();
    }

    /** A POST built in the page with this session's own valid CSRF token, to a URL the page never offered. */
    String forgePost(String path, String action) {
        ((JavascriptExecutor) driver).executeScript("""
                var form = document.createElement('form'); form.method = 'post'; form.action = arguments[0];
                [['csrf', document.querySelector('input[name=csrf]').value], ['action', arguments[1]]].forEach(function (pair) {
                  var input = document.createElement('input'); input.type = 'hidden'; input.name = pair[0]; input.value = pair[1];
                  form.appendChild(input); });
                document.body.appendChild(form); form.submit();""", path, action);
        return answerAt(path);
    }

    /** A POST without the CSRF token, as another site's form would send it. */
    String postWithoutToken(String path) {
        ((JavascriptExecutor) driver).executeScript("""
                var form = document.createElement('form'); form.method = 'post'; form.action = arguments[0];
                var input = document.createElement('input'); input.type = 'hidden'; input.name = 'action'; input.value = 'approve';
                form.appendChild(input); document.body.appendChild(form); form.submit();""", path);
        return answerAt(path);
    }

    /** The text of the page a form posted to {@code path} got back, once the browser is there. */
    private String answerAt(String path) {
        wait.until(ExpectedConditions.urlToBe(baseUrl.replaceAll("/$", "") + path));
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main"))).getText();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
