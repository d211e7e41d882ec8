package rnn.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import rnn.config.CellType;
import rnn.config.LrSchedule;
import rnn.config.ModelConfig;
import rnn.config.RunBounds;
import rnn.config.TrainingConfig;
import rnn.config.TrainingSetting;
import rnn.config.TrainingText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Manifest} as JSON, written and read with jackson-core's streaming parser and generator. The
 * data-binding object mapper did the same in 0.3-0.4 s of class loading at every start of sample, eval
 * and info; the streaming API costs about 0.1 s (docs/measurements.md). Strict: every field has its JSON
 * type, unknown fields are ignored (a newer rnn may add some), absent ones take Java's defaults, and the
 * records' own checks run on what was read.
 * <pre>
 *   {"formatVersion", "createdBy", "createdAt",
 *    "architecture": {"cell": "LSTM", "layers", "hidden", "embed", "vocabSize"},
 *    "vocabulary": [code points], "training": {one field per TrainingSetting, by its key: "seqLen", "batch",
 *    "learningRate", "lrSchedule", "lrDecay", "warmup", "clip", "dropout", "lockedDropout", "embedDrop", "weightDrop",
 *    "weightDecay", "ema", "valFrac", "seed", "forgetBias"},
 *    "progress": {"step", "epoch", "trainLoss", "valLoss", "bestValLoss", "elapsedSeconds", "sinceBest", "rollbacks"},
 *    "bounds": {"epochs", "maxSteps", "maxTimeSeconds", "patience"},
 *    "text": {"files": [names], "validationFiles": [names], "chars", "trainingChars", "fingerprint",
 *             "validation": "tail-of-each-file" | "tail-of-all", "records": "line" | "paragraph" (absent: a stream)}}
 * Fields added after version 1 first shipped (forgetBias, lrSchedule, warmup, weightDecay, weightDrop, ema,
 * lockedDropout, embedDrop, sinceBest, patience, text, rollbacks) are optional on read, with the values that earlier files were trained with.
 * </pre>
 */
final class ManifestJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ManifestJson() {
    }

    static byte[] write(Manifest m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("formatVersion", m.formatVersion());
            out.writeStringField("createdBy", m.createdBy());
            out.writeStringField("createdAt", m.createdAt());
            ModelConfig a = m.architecture();
            out.writeObjectFieldStart("architecture");
            out.writeStringField("cell", a.cell().name());
            out.writeNumberField("layers", a.layers());
            out.writeNumberField("hidden", a.hidden());
            out.writeNumberField("embed", a.embed());
            out.writeNumberField("vocabSize", a.vocabSize());
            out.writeEndObject();
            out.writeFieldName("vocabulary");
            out.writeArray(m.vocabulary(), 0, m.vocabulary().length);
            out.writeObjectFieldStart("training");
            for (TrainingSetting<?> setting : TrainingSetting.ALL) {
                Object value = m.training().get(setting);
                switch (setting.kind()) {
                    case WHOLE -> out.writeNumberField(setting.key(), (Integer) value);
                    case LONG -> out.writeNumberField(setting.key(), (Long) value);
                    case REAL -> out.writeNumberField(setting.key(), (Double) value);
                    case SCHEDULE -> out.writeStringField(setting.key(), ((LrSchedule) value).flagValue());
                }
            }
            out.writeEndObject();
            Manifest.Progress p = m.progress();
            out.writeObjectFieldStart("progress");
            out.writeNumberField("step", p.step());
            out.writeNumberField("epoch", p.epoch());
            out.writeNumberField("trainLoss", p.trainLoss());
            nullableField(out, "valLoss", p.valLoss());
            nullableField(out, "bestValLoss", p.bestValLoss());
            out.writeNumberField("elapsedSeconds", p.elapsedSeconds());
            out.writeNumberField("sinceBest", p.sinceBest());
            out.writeNumberField("rollbacks", p.rollbacks());
            out.writeEndObject();
            if (m.bounds() != null) {
                out.writeObjectFieldStart("bounds");
                out.writeNumberField("epochs", m.bounds().epochs());
                out.writeNumberField("maxSteps", m.bounds().maxSteps());
                nullableField(out, "maxTimeSeconds", m.bounds().maxTimeSeconds());
                out.writeNumberField("patience", m.bounds().patience());
                out.writeEndObject();
            }
            if (m.text() != null) {
                out.writeObjectFieldStart("text");
                out.writeArrayFieldStart("files");
                for (String file : m.text().files()) {
                    out.writeString(file);
                }
                out.writeEndArray();
                out.writeArrayFieldStart("validationFiles");
                for (String file : m.text().validationFiles()) {
                    out.writeString(file);
                }
                out.writeEndArray();
                out.writeNumberField("chars", m.text().chars());
                out.writeNumberField("trainingChars", m.text().trainingChars());
                out.writeStringField("fingerprint", m.text().fingerprint());
                out.writeStringField("validation", m.text().eachFile() ? "tail-of-each-file" : "tail-of-all");
                if (m.text().records() != null) {
                    out.writeStringField("records", m.text().records());
                }
                out.writeEndObject();
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a manifest to memory", e);
        }
        return bytes.toByteArray();
    }

    private static void nullableField(JsonGenerator out, String name, Double value) throws IOException {
        if (value == null) {
            out.writeNullField(name);
        } else {
            out.writeNumberField(name, value);
        }
    }

    /** The manifest in these bytes; any problem is a {@link CheckpointException} naming it. */
    static Manifest read(byte[] json) {
        try (JsonParser in = JSON.createParser(json)) {
            Map<String, Object> root = object(in, in.nextToken());
            if (in.nextToken() != null) {
                throw invalid("text after the manifest object");
            }
            Map<String, Object> a = child(root, "architecture"), t = child(root, "training");
            Map<String, Object> p = child(root, "progress"), b = child(root, "bounds");
            if (a == null || t == null || p == null || !(root.get("vocabulary") instanceof List)) {
                throw new CheckpointException("checkpoint manifest is incomplete");
            }
            ModelConfig architecture = new ModelConfig(cell(a.get("cell")), integer(a, "layers"), integer(a, "hidden"),
                    integer(a, "embed"), integer(a, "vocabSize"));
            TrainingConfig training = training(t);
            Manifest.Progress progress = new Manifest.Progress(whole(p, "step"), whole(p, "epoch"), real(p, "trainLoss"),
                    nullable(p, "valLoss"), nullable(p, "bestValLoss"), real(p, "elapsedSeconds"),
                    p.containsKey("sinceBest") ? integer(p, "sinceBest") : 0, p.containsKey("rollbacks") ? integer(p, "rollbacks") : 0);
            Double maxTimeSeconds = b == null ? null : nullable(b, "maxTimeSeconds");
            RunBounds bounds = b == null ? null
                    : new RunBounds(whole(b, "epochs"), whole(b, "maxSteps"),
                            maxTimeSeconds == null ? null : java.time.Duration.ofMillis(Math.round(maxTimeSeconds * 1000)),
                    b.containsKey("patience") ? integer(b, "patience") : 0);
            Map<String, Object> x = child(root, "text");
            TrainingText text = x == null ? null : new TrainingText(strings(x.get("files")),
                    x.containsKey("validationFiles") ? strings(x.get("validationFiles")) : List.of(), whole(x, "chars"),
                    whole(x, "trainingChars"), text(x, "fingerprint"), !"tail-of-all".equals(x.get("validation")),
                    records(x.get("records")));
            return new Manifest(integer(root, "formatVersion"), text(root, "createdBy"), text(root, "createdAt"),
                    architecture, vocabulary(root.get("vocabulary")), training, progress, bounds, text);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) { // malformed JSON, a number out of range, a record's own check
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw invalid(asFields(message));
        }
    }

    /**
     * The training settings: each as saved; one a file lacks (written before the setting existed) as the file
     * was trained; a required one absent reads as 0, which its check then refuses by name.
     */
    private static TrainingConfig training(Map<String, Object> t) {
        Map<TrainingSetting<?>, Object> saved = new HashMap<>();
        for (TrainingSetting<?> setting : TrainingSetting.ALL) {
            if (t.containsKey(setting.key()) || !setting.optional()) {
                saved.put(setting, switch (setting.kind()) {
                    case WHOLE -> integer(t, setting.key());
                    case LONG -> whole(t, setting.key());
                    case REAL -> real(t, setting.key());
                    case SCHEDULE -> schedule(t.get(setting.key()));
                });
            }
        }
        TrainingConfig.Builder training = TrainingConfig.builder();
        for (TrainingSetting<?> setting : TrainingSetting.ALL) {
            training.setObject(setting, saved.containsKey(setting) ? saved.get(setting) : setting.before(saved::get));
        }
        return training.build();
    }

    private static final java.util.regex.Pattern FLAG = java.util.regex.Pattern.compile("--([a-z]+)((?:-[a-z]+)*)");

    /**
     * The records' own checks speak of flags and the corpus ("--hidden must be between ..."); in a checkpoint
     * those are manifest fields: "hidden must be between ...", "seqLen ...", "vocabSize 1 ...".
     */
    static String asFields(String message) {
        String fields = message.replaceFirst("^the corpus has (\\d+) distinct characters?", "vocabSize is $1");
        return FLAG.matcher(fields).replaceAll(m -> {
            StringBuilder name = new StringBuilder(m.group(1));
            for (String part : m.group(2).split("-")) {
                if (!part.isEmpty()) {
                    name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
            }
            return name.toString();
        });
    }

    private static CheckpointException invalid(String why) {
        return new CheckpointException("checkpoint manifest is invalid (" + why + ")");
    }

    /** The object starting at {@code token}, as field name -> String, Long, Double, null, List or Map. */
    private static Map<String, Object> object(JsonParser in, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw invalid("expected an object");
        }
        Map<String, Object> fields = new HashMap<>();
        while ((token = in.nextToken()) == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            fields.put(name, value(in, in.nextToken()));
        }
        return fields;
    }

    private static Object value(JsonParser in, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(in, token);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonToken item = in.nextToken(); item != JsonToken.END_ARRAY; item = in.nextToken()) {
                    items.add(value(in, item));
                }
                yield items;
            }
            case VALUE_STRING -> in.getText();
            case VALUE_NUMBER_INT -> in.getLongValue();
            case VALUE_NUMBER_FLOAT -> in.getDoubleValue();
            case VALUE_NULL -> null;
            case VALUE_TRUE, VALUE_FALSE -> in.getBooleanValue();
            default -> throw invalid("unexpected " + token);
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof Map)) {
            throw invalid(name + " must be an object");
        }
        return (Map<String, Object>) value;
    }

    private static LrSchedule schedule(Object value) {
        for (LrSchedule schedule : LrSchedule.values()) {
            if (schedule.flagValue().equals(value)) {
                return schedule;
            }
        }
        throw invalid("unknown lrSchedule " + value);
    }

    private static CellType cell(Object value) {
        if (!(value instanceof String name)) {
            throw invalid("architecture.cell must be a string");
        }
        try {
            return CellType.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("unknown cell " + name);
        }
    }

    private static int integer(Map<String, Object> fields, String name) {
        long value = whole(fields, name);
        if (value != (int) value) {
            throw invalid(name + " is out of range");
        }
        return (int) value;
    }

    private static long whole(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (!fields.containsKey(name)) {
            return 0;
        }
        if (!(value instanceof Long number)) {
            throw invalid(name + " must be a whole number");
        }
        return number;
    }

    private static double real(Map<String, Object> fields, String name) {
        Double value = nullable(fields, name);
        if (value == null && fields.containsKey(name)) {
            throw invalid(name + " must be a number");
        }
        return value == null ? 0 : value;
    }

    private static Double nullable(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof Number)) {
            throw invalid(name + " must be a number");
        }
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static String text(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof String)) {
            throw invalid(name + " must be a string");
        }
        return value == null ? "" : (String) value;
    }

    private static String records(Object value) {
        if (value != null && !"line".equals(value) && !"paragraph".equals(value)) {
            throw invalid("unknown text.records " + value);
        }
        return (String) value;
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> items) || !items.stream().allMatch(String.class::isInstance)) {
            throw invalid("text.files must be a list of names");
        }
        return items.stream().map(String.class::cast).toList();
    }

    private static int[] vocabulary(Object value) {
        List<?> items = (List<?>) value;
        int[] codePoints = new int[items.size()];
        for (int i = 0; i < codePoints.length; i++) {
            if (!(items.get(i) instanceof Long number) || number != number.intValue()) {
                throw invalid("vocabulary must hold code points");
            }
            codePoints[i] = number.intValue();
        }
        return codePoints;
    }
}
