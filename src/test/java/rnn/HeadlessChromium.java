package rnn;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test helper: Debian's chromium, headless, driven over WebDriver by its chromium-driver. .ci/run installs both and
 * sets RNN_REQUIRE_BROWSER=1, so there a missing browser fails the test; elsewhere the test is skipped, saying so.
 * Every request to the network goes to a dead proxy, so a page that needs the network shows it.
 */
public final class HeadlessChromium {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver"), CHROMIUM = Path.of("/usr/bin/chromium");
    /** Where screenshots go, to be looked at (a test artifact). */
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    private HeadlessChromium() {
    }

    /** @param loopback whether pages may reach 127.0.0.1 (a local server's); anything else fails either way */
    public static ChromeDriver start(boolean loopback) {
        boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        String missing = "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does)";
        if ("1".equals(System.getenv("RNN_REQUIRE_BROWSER"))) {
            assertTrue(present, missing); // CI: never skipped
        }
        assumeTrue(present, missing);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900",
                        "--proxy-server=127.0.0.1:9"); // a dead proxy: any network request fails
        if (!loopback) {
            options.addArguments("--proxy-bypass-list=<-loopback>"); // loopback through the dead proxy too
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    /** Polls until the condition holds (every 20 ms, at most {@code limit}); fails naming what did not happen. */
    public static void await(ChromeDriver browser, Duration limit, java.util.function.Predicate<ChromeDriver> condition, String what)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.test(browser)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    public static void screenshot(ChromeDriver browser, String name) throws java.io.IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
