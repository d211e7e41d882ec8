package rnn.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rnn.UserInputException;
import rnn.checkpoint.Checkpoint;
import rnn.model.SavedModel;
import rnn.serve.Limits;
import rnn.serve.ServedModel;
import rnn.serve.Server;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Keep a model loaded and answer HTTP: POST /v1/sample (JSON, or streamed as server-sent events), "
                + "POST /v1/score, GET /v1/info, and a playground page at /.",
                "Prints its address on stdout and one line per request on stderr; Ctrl-C or SIGTERM lets the requests "
                        + "under way finish (at most --grace) and stops."},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn serve                                   # then open http://127.0.0.1:8080/",
                "  curl -s localhost:8080/v1/sample -d '{\"prime\": \"ROMEO:\", \"length\": 200, \"seed\": 7}'",
                "  rnn serve -c checkpoints/latest.ckpt --port 0 > address.txt &   # any free port"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; the server has no authentication).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port; 0 = any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--concurrency", paramLabel = "N", description = "Samples and scores computed at once (default: the number of cores).")
    Integer concurrency;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "16",
            description = "Requests that may wait for a turn; more get 429 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "10000",
            description = "Most characters a sample may ask for (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--max-samples", paramLabel = "N", defaultValue = "16",
            description = "Most samples one request may ask for (default: ${DEFAULT-VALUE}).")
    int maxSamples;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body; larger gets 413 (default: ${DEFAULT-VALUE}, 1 MiB).")
    int maxBody;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "A request's time from arrival to its last character, waiting included; beyond it, 503 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "On Ctrl-C or SIGTERM, how long requests under way may take to finish before they are cut (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Limits limits = limits();
        Checkpoint loaded = checkpoint.readWeights();
        ServedModel served = new ServedModel(SavedModel.characterModel(loaded), SavedModel.vocabulary(loaded),
                loaded.manifest().text() == null ? null : loaded.manifest().text().records(),
                InfoCommand.describe(checkpoint.file(), loaded, false), checkpoint.file().toString());
        PrintWriter err = spec.commandLine().getErr();
        Interrupts interrupts = Interrupts.install("finishing the requests under way (at most --grace " + grace.toSeconds() + "s), then stopping");
        Server server = start(served, limits, err);
        // The product first (where to send requests; with --port 0, the port chosen), then the log line: whoever
        // waits for "rnn serve:" on stderr finds the address already written.
        PrintWriter out = spec.commandLine().getOut();
        out.println(server.address());
        out.flush();
        var a = loaded.manifest().architecture();
        err.println("rnn serve: " + checkpoint.file() + " (" + a.cell() + ", " + a.layers() + " x " + a.hidden() + ", "
                + a.vocabSize() + " characters) at " + server.address() + " : the playground is there, the API at "
                + server.address() + "v1/; Ctrl-C stops");
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            err.println("rnn serve: --host " + host + ": anyone who can reach this machine can use the server (it has no authentication)");
        }
        err.flush();
        while (!interrupts.requested()) {
            Thread.sleep(50);
        }
        server.stop();
        err.println("rnn serve: stopped");
        err.flush();
        return interrupts.exitCode();
    }

    private Server start(ServedModel served, Limits limits, PrintWriter log) throws IOException {
        try {
            return Server.start(served, limits, host, port, log);
        } catch (BindException e) {
            throw new UserInputException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); pass another --port, or --port 0 for any free one");
        }
    }

    private Limits limits() throws UnknownHostException {
        int cores = Runtime.getRuntime().availableProcessors();
        int running = concurrency == null ? cores : concurrency;
        if (running < 1 || running > 256) {
            throw new UserInputException("--concurrency must be between 1 and 256 (got " + running + ")");
        }
        if (queue < 0 || queue > 10_000) {
            throw new UserInputException("--queue must be between 0 and 10000 (got " + queue + ")");
        }
        if (port < 0 || port > 65535) {
            throw new UserInputException("--port must be between 0 and 65535 (got " + port + ")");
        }
        if (maxLength < 1 || maxLength > 100_000_000) {
            throw new UserInputException("--max-length must be between 1 and 100000000 (got " + maxLength + ")");
        }
        if (maxSamples < 1 || maxSamples > 4096) {
            throw new UserInputException("--max-samples must be between 1 and 4096 (got " + maxSamples + ")");
        }
        if (maxBody < 1024 || maxBody > 1 << 30) {
            throw new UserInputException("--max-body must be between 1024 and 1073741824 bytes (got " + maxBody + ")");
        }
        if (timeout.toMillis() < 1000) {
            throw new UserInputException("--timeout must be at least 1s (got " + timeout.toMillis() + " ms)");
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UserInputException("--host " + host + " is not an address of this machine; leave it out for 127.0.0.1");
        }
        return new Limits(maxBody, maxLength, maxSamples, running, queue, timeout, grace);
    }
}
