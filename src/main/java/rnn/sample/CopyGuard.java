package rnn.sample;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Samples measured against the training text ({@link CopyIndex}), and with a limit ({@code maxCopy}) drawn
 * again while they hold a longer verbatim span: at most {@link #TRIES} draws, each a whole batch with the
 * next seed (seed, seed + 1, ...), a failing sample n replaced by sample n of the next batch. So every
 * sample's seed, with the batch size, makes it again. After the last try the least-copied draw stays, and
 * that is said.
 */
public final class CopyGuard {
    public static final int TRIES = 10;

    /** One sample: its text (after the prime), the seed of the batch it came from, how copied it is. */
    public record Drawn(String text, long seed, CopyIndex.Copying copying) {
    }

    private CopyGuard() {
    }

    /** {@code maxCopy} null: measure only. */
    public static List<Drawn> draw(Sampler sampler, Sampler.Request request, CopyIndex index, int minSpan, Integer maxCopy,
                                   Consumer<String> say) {
        List<Drawn> drawn = new ArrayList<>();
        List<String> first = sampler.generate(request, Writer.nullWriter());
        for (String text : first) {
            drawn.add(new Drawn(text, request.seed(), index.measure(text, minSpan)));
        }
        if (maxCopy == null) {
            return drawn;
        }
        for (int attempt = 1; attempt < TRIES && drawn.stream().anyMatch(d -> d.copying().longestSpan() > maxCopy); attempt++) {
            long seed = request.seed() + attempt;
            List<String> again = sampler.generate(new Sampler.Request(request.prime(), request.length(), request.samples(),
                    request.stop(), seed), Writer.nullWriter());
            for (int n = 0; n < drawn.size(); n++) {
                Drawn old = drawn.get(n);
                if (old.copying().longestSpan() > maxCopy) {
                    Drawn fresh = new Drawn(again.get(n), seed, index.measure(again.get(n), minSpan));
                    say.accept("sample " + n + ": a span of " + old.copying().longestSpan() + " characters is in the training text "
                            + "(--max-copy " + maxCopy + "); drawn again with seed " + seed + " (try " + (attempt + 1) + " of " + TRIES + ")");
                    if (fresh.copying().longestSpan() < old.copying().longestSpan() || fresh.copying().longestSpan() <= maxCopy) {
                        drawn.set(n, fresh);
                    }
                }
            }
        }
        for (int n = 0; n < drawn.size(); n++) {
            if (drawn.get(n).copying().longestSpan() > maxCopy) {
                say.accept("sample " + n + ": still holds a span of " + drawn.get(n).copying().longestSpan() + " characters from the "
                        + "training text after " + TRIES + " draws; kept the least copied (raise --temperature, or --max-copy)");
            }
        }
        return drawn;
    }
}
