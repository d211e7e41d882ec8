package rnn.serve;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import rnn.HeadlessChromium;
import rnn.sample.Sampler;
import rnn.sample.SamplingStrategy;

import java.io.Writer;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The playground in a real browser (headless Chromium, see {@link HeadlessChromium}) against a server on
 * 127.0.0.1: a sample streams into the page piece by piece, is the sampler's text for its seed, and the page
 * offers the `rnn sample` command that makes it again; an error shows as one line. Screenshots in target/screenshots/.
 */
class PlaygroundBrowserTest {
    private static ChromeDriver browser;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start(true);
        // 2 x 512: slow enough on one thread (a few thousand characters a second) that streaming shows
        server = new TestServer(TestServer.model(512), TestServer.limits());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSampleStreamsIntoThePageAndCanBeCopiedAsACommand() throws Exception {
        browser.get(server.server.address().toString());
        await(d -> d.findElement(By.id("model")).getText().startsWith("LSTM, 2 x 512"), "the model described");
        JavascriptExecutor js = browser;

        browser.findElement(By.id("prime")).sendKeys("First");
        set("length", "2000");
        set("seed", "42");
        js.executeScript("const t = document.getElementById('temperature'); t.value = '0.8'; t.dispatchEvent(new Event('input'));");
        // From outside the page: the generated text's length at each change, with the time
        js.executeScript("window.seen = []; new MutationObserver(() => window.seen.push([performance.now(),"
                + " document.getElementById('generated').textContent.length])).observe(document.getElementById('output'),"
                + " {childList: true, subtree: true, characterData: true});");
        browser.findElement(By.id("generate")).click();
        await(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-done")), "the sample done");

        String generated = browser.findElement(By.id("generated")).getAttribute("textContent");
        String expected = new Sampler(server.served.model(), server.served.vocabulary(), SamplingStrategy.of(0.8, 0, 1, 2), 2, -1)
                .generate(new Sampler.Request("First", 2000, 1, null, 42), Writer.nullWriter()).get(0);
        assertEquals(expected, generated, "the sampler's text for seed 42");
        assertEquals("First", browser.findElement(By.cssSelector("#output .prime")).getText());
        @SuppressWarnings("unchecked")
        List<List<Number>> seen = (List<List<Number>>) js.executeScript("return window.seen");
        long pieces = seen.stream().map(s -> s.get(1).longValue()).filter(n -> n > 0 && n < expected.length()).distinct().count();
        double spread = seen.get(seen.size() - 1).get(0).doubleValue() - seen.get(0).get(0).doubleValue();
        assertTrue(pieces >= 10, "the text came in pieces while it was generated: " + pieces + " partial lengths over " + spread + " ms");
        assertTrue(browser.findElement(By.id("status")).getText().contains("2000 characters"), browser.findElement(By.id("status")).getText());
        assertEquals("rnn sample -c 'test.ckpt' --prime 'First' --temperature 0.8 --length 2000 --seed 42",
                browser.findElement(By.id("command")).getText());
        browser.findElement(By.id("copy")).click();
        await(d -> d.findElement(By.id("copy")).getText().equals("Copied"), "the copy button says so");
        HeadlessChromium.screenshot(browser, "playground.png");
        assertEquals(0L, js.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(r => !r.name.startsWith(location.origin)).length"), "nothing fetched from anywhere else");

        set("length", "999999999"); // over the server's limit: the answer's error, in one line
        browser.findElement(By.id("generate")).click();
        await(d -> d.findElement(By.id("status")).getAttribute("class").equals("error"), "the error shown");
        String error = browser.findElement(By.id("status")).getText();
        assertTrue(error.startsWith("400: \"length\" must be a whole number"), error);
        assertEquals("", browser.findElement(By.id("command")).getText(), "no command for a sample that was not made");
        HeadlessChromium.screenshot(browser, "playground-error.png");
    }

    private static void await(java.util.function.Predicate<ChromeDriver> condition, String what) throws InterruptedException {
        HeadlessChromium.await(browser, Duration.ofSeconds(60), condition, what);
    }

    private static void set(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }
}
