package rnn.model;

import rnn.config.CellType;
import rnn.config.ModelConfig;
import rnn.config.Weight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;

/**
 * The training engine: the model run forward and backward over a chunk of a batch.
 * <pre>
 *   ids [T*N] -> embedding [V,E] -> L x (LSTM | GRU | tanh RNN, hidden H) -> dense [H,V] -> logits [T*N, V]
 * </pre>
 * Ids are time-major: ids[t*N + n] is stream n at step t. The N streams are split between workers
 * (threads), each running its rows through the whole network with its own buffers ({@link Shard});
 * their gradients are added up at the end. Products go to the BLAS on native arrays, the element-wise
 * work to the {@link Cell}s on the Java heap. The weights live in {@link Parameters} on the heap and are
 * copied to native memory at the start of every pass, so the optimizer simply updates the heap array.
 */
public final class Network {
    /**
     * How a pass uses the cores: {@code workers} threads each run a slice of the streams, and each
     * product uses {@code blasThreads} threads.
     */
    public record Threads(int workers, int blasThreads) {
        public Threads {
            if (workers < 1 || blasThreads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
        }

        /** How to spend {@code threads} cores on training with batches of {@code batch} streams. */
        public static Threads forTraining(int batch, int threads) {
            int workers = Math.max(1, Math.min(threads, batch));
            return new Threads(workers, Math.max(1, threads / workers));
        }
    }

    /** Bytes a training run's arrays take: on the Java heap, and in native memory (ND4J's, for the BLAS). */
    public record Footprint(long heapBytes, long nativeBytes) {
    }

    /**
     * What training this model allocates, counted from the same sizes as the buffers it makes: the
     * weights with their gradients, Adam's moments and every worker's gradients; each worker's activations
     * for the training shape and for validation (the same shape, forward only); one block of the output
     * layer's logits per worker; and the one-character model that samples a preview at each validation,
     * whose first layer keeps embedding · Wx + b for each of the V symbols.
     */
    public static Footprint footprint(ModelConfig config, int seqLen, int batch, int threads, boolean dropout, boolean weightDrop) {
        Threads split = Threads.forTraining(batch, threads);
        int workers = Math.min(split.workers(), batch);
        long p = config.parameterCount(), hidden = config.hidden(), embed = config.embed(), vocab = config.vocabSize();
        long gates = config.cell().gates(), width = gates * hidden, layers = config.layers();
        boolean lstm = config.cell() == CellType.LSTM, gru = config.cell() == CellType.GRU;
        long heap = 4 * p + (workers - 1) * p;                     // values, gradients, Adam m and v; workers 1..'s gradients
        heap += 2 * layers * hidden * (width + 48);                 // Wh and Whᵀ packed (panels padded)
        if (weightDrop) {
            heap += (layers + 1) * hidden * width;                  // the masks, and Wh ⊙ mask
        }
        heap += p + vocab * width;                                  // the preview's CharacterModel
        long nativeFloats = p + workers * p;                        // the weights; each worker's gradients
        long rows = (batch + workers - 1) / workers, positions = seqLen * rows; // one worker's [T*rows]
        long block = OutputLayer.blockRows(config.vocabSize(), (int) positions), blockFloats = block * vocab;
        boolean packed = ProductRoute.forTraining() == ProductRoute.PACKED; // the output layer's products in Java, or the BLAS
        if (packed) {
            heap += 2 * PackedMatrix.floats(Kernels.ACTIVE, hidden, vocab); // W and Wᵀ packed
        }
        long backwardHeap = packed ? 2 * block * hidden + PackedMatrix.floats(Kernels.ACTIVE, block, vocab)
                + PackedMatrix.floats(Kernels.ACTIVE, positions % block, vocab) : 0;  // hᵀ, dh, dlogits packed
        for (boolean training : new boolean[] {true, false}) {
            long outputHeap = blockFloats + (packed ? block * hidden : 0) + (training ? backwardHeap : 0); // logits, h
            heap += workers * (positions * embed + positions + outputHeap);           // embedding rows, targets, output layer
            nativeFloats += workers * (positions * embed + (packed ? 0 : blockFloats));
            if (training) {
                nativeFloats += workers * positions * hidden;                        // dTop
            }
            for (int l = 0; l < layers; l++) {
                long input = l == 0 ? embed : hidden;
                long perStep = width + hidden + (lstm ? 2 * hidden : 0) + (gru ? width : 0); // gates, h, c and tanh c | hn
                heap += workers * (training ? positions * perStep : 4 * rows * width);
                nativeFloats += workers * (positions * width + (positions + rows) * hidden); // x·Wx, h[0..T]
                if (dropout && training) {
                    heap += workers * positions * hidden;                            // masks
                    nativeFloats += workers * positions * hidden;                    // h ⊙ mask
                }
                if (training) {
                    nativeFloats += workers * (positions * input + (gru ? positions * width : 0)); // dx, dHw
                }
            }
        }
        return new Footprint(heap * 4, nativeFloats * 4);
    }

    private final Parameters parameters;
    private final Threads threads;
    private final NativeArray nativeWeights; // the weights, copied from the heap at the start of each pass
    private final PackedMatrix[][] recurrent; // per layer {Wh, Whᵀ}, packed from the heap at the start of each pass; null: BLAS
    private final PackedMatrix[] output;      // {W [H, V], Wᵀ [V, H]} of the output layer, packed likewise; null: BLAS
    private final int outputOffset;           // where W starts in the flat weights
    private final Map<String, Shard[]> shardsByShape = new HashMap<>();
    private final List<float[]> workerGradients = new ArrayList<>(); // workers 1.. (worker 0 writes parameters.gradients())
    private final int[] recurrentOffsets;     // per layer: where Wh starts in the flat weights
    private float[][] weightMasks;   // per layer [H, G*H]: this step's DropConnect mask of Wh; made on first use
    private float[] droppedWeights;  // [H, G*H]: Wh ⊙ mask of one layer, on its way to native memory and the packing

    public Network(Parameters parameters, Threads threads) {
        this(parameters, threads, ProductRoute.forTraining());
    }

    /** @param route how the per-step and the output layer's products run: PACKED or BLAS (tests run both) */
    Network(Parameters parameters, Threads threads, ProductRoute route) {
        if (route == ProductRoute.PLAIN) {
            throw new IllegalArgumentException("training runs its step products packed or in the BLAS");
        }
        boolean packed = route == ProductRoute.PACKED; // else the BLAS
        this.parameters = parameters;
        this.threads = threads;
        this.nativeWeights = new NativeArray(parameters.values().length);
        ModelConfig config = parameters.config();
        int hidden = config.hidden(), width = config.cell().gates() * hidden;
        this.recurrentOffsets = new int[config.layers()];
        for (int l = 0; l < recurrentOffsets.length; l++) {
            recurrentOffsets[l] = parameters.view(Weight.Role.RECURRENT, l).offset();
        }
        this.recurrent = packed ? new PackedMatrix[config.layers()][] : null;
        for (int l = 0; recurrent != null && l < recurrent.length; l++) {
            recurrent[l] = new PackedMatrix[] {new PackedMatrix(Kernels.ACTIVE, hidden, width),
                    new PackedMatrix(Kernels.ACTIVE, width, hidden)};
        }
        this.outputOffset = parameters.view(Weight.Role.OUTPUT).offset();
        this.output = packed ? new PackedMatrix[] {new PackedMatrix(Kernels.ACTIVE, hidden, config.vocabSize()),
                new PackedMatrix(Kernels.ACTIVE, config.vocabSize(), hidden)} : null;
        BlasThreads.use(threads.blasThreads());
    }

    public Parameters parameters() {
        return parameters;
    }

    public ModelConfig config() {
        return parameters.config();
    }

    /** A zero state for {@code batch} streams. */
    public RecurrentState newState(int batch) {
        ModelConfig config = parameters.config();
        return new RecurrentState(config.layers(), batch, config.hidden(), config.cell() == CellType.LSTM);
    }

    /** {@link #trainingStep(int[], int[], int, RecurrentState, Dropouts, long, boolean[])} with dropout after each layer only. */
    public double trainingStep(int[] inputs, int[] targets, int seqLen, RecurrentState state, double dropout, long maskSeed) {
        return trainingStep(inputs, targets, seqLen, state, Dropouts.layerOutputs(dropout), maskSeed, null);
    }

    /** {@link #trainingStep(int[], int[], int, RecurrentState, Dropouts, long, boolean[])} with dropout after each layer and weight drop. */
    public double trainingStep(int[] inputs, int[] targets, int seqLen, RecurrentState state, double dropout,
                               double weightDrop, long maskSeed) {
        return trainingStep(inputs, targets, seqLen, state, new Dropouts(dropout, 0, 0, weightDrop), maskSeed, null);
    }

    /**
     * One training step's forward and backward pass over ids and targets [seqLen * N] (time-major),
     * carrying the state, with the given dropouts (masks drawn from maskSeed). {@code recordStarts}
     * [seqLen * N] (time-major) marks the positions where a record packed into a stream starts, before
     * which that stream's state is zero (and no gradient flows back across); null: plain streams. Returns
     * the mean cross-entropy in nats; leaves its gradient in parameters().gradients().
     */
    public double trainingStep(int[] inputs, int[] targets, int seqLen, RecurrentState state, Dropouts dropouts,
                               long maskSeed, boolean[] recordStarts) {
        int batch = checkShape(inputs, targets, seqLen, state);
        Shard[] shards = shards(seqLen, batch, true, dropouts.masksLayerOutputs(), recordStarts != null);
        double weightDrop = dropouts.weightDrop();
        prepareWeights(true, weightDrop, maskSeed);
        float scale = (float) (1.0 / ((long) seqLen * batch));
        double loss = sum(shards, shard -> {
            double nats = shard.forward(inputs, targets, batch, state, nativeWeights, dropouts, maskSeed, scale, recordStarts);
            shard.backward(nativeWeights);
            return nats;
        });
        float[] total = parameters.gradients();
        for (int w = 1; w < shards.length; w++) {
            Cell.KERNELS.add(total, 0, shards[w].gradients, 0, total, 0, total.length);
        }
        if (weightDrop > 0) { // the passes saw Wh ⊙ M, so d loss / d Wh = M ⊙ (d loss / d (Wh ⊙ M))
            for (int l = 0; l < weightMasks.length; l++) {
                Cell.KERNELS.mul(total, recurrentOffsets[l], weightMasks[l], 0, total, recurrentOffsets[l], weightMasks[l].length);
            }
        }
        return loss / ((long) seqLen * batch);
    }

    /** The mean cross-entropy of predicting targets from inputs, carrying the state; no dropout, no gradients. */
    public double loss(int[] inputs, int[] targets, int seqLen, RecurrentState state) {
        return loss(inputs, targets, seqLen, state, null);
    }

    /** {@link #loss(int[], int[], int, RecurrentState)} over records packed into the streams (see trainingStep). */
    public double loss(int[] inputs, int[] targets, int seqLen, RecurrentState state, boolean[] recordStarts) {
        int batch = checkShape(inputs, targets, seqLen, state);
        Shard[] shards = shards(seqLen, batch, false, false, recordStarts != null);
        prepareWeights(false, 0, 0);
        double loss = sum(shards, shard -> shard.forward(inputs, targets, batch, state, nativeWeights, Dropouts.NONE, 0, 0f, recordStarts));
        return loss / ((long) seqLen * batch);
    }

    /** A snapshot of the current weights for generating one character at a time. */
    public CharacterModel characterModel() {
        return CharacterModel.of(parameters.config(), parameters::copyOf);
    }

    /**
     * The weights as the products read them: a native copy for the BLAS, each Wh packed (and Whᵀ to train)
     * for Java's. With weight drop (DropConnect on the recurrent weights, Wan et al. 2013, as AWD-LSTM uses
     * it: Merity et al. 2018) each layer's products read Wh ⊙ M, one mask M of 0 and 1/(1 - rate) per
     * layer and step, the same for every stream and time step; the heap keeps the undropped weights.
     */
    private void prepareWeights(boolean training, double weightDrop, long maskSeed) {
        nativeWeights.upload(parameters.values(), 0, 0, parameters.values().length);
        if (output != null) {
            output[0].pack(parameters.values(), outputOffset, false);
            if (training) {
                output[1].pack(parameters.values(), outputOffset, true);
            }
        }
        ModelConfig config = parameters.config();
        int size = config.hidden() * config.cell().gates() * config.hidden();
        if (weightDrop > 0 && weightMasks == null) {
            weightMasks = new float[config.layers()][size];
            droppedWeights = new float[size];
        }
        for (int l = 0; l < config.layers(); l++) {
            float[] source = parameters.values();
            int from = recurrentOffsets[l];
            if (weightDrop > 0) {
                Dropout.fill(weightMasks[l], 0, size, Dropout.weightSeed(maskSeed, l), 0, weightDrop);
                Cell.KERNELS.mul(source, from, weightMasks[l], 0, droppedWeights, 0, size);  // Wh ⊙ M
                nativeWeights.upload(droppedWeights, 0, from, size);
                source = droppedWeights;
                from = 0;
            }
            if (recurrent != null) {
                recurrent[l][0].pack(source, from, false);
                if (training) {
                    recurrent[l][1].pack(source, from, true);
                }
            }
        }
    }

    private static int checkShape(int[] inputs, int[] targets, int seqLen, RecurrentState state) {
        int batch = state.batch();
        if (seqLen < 1 || inputs.length != (long) seqLen * batch || targets.length != inputs.length) {
            throw new IllegalArgumentException("inputs and targets must hold seqLen * batch = " + seqLen + " * " + batch + " ids");
        }
        return batch;
    }

    /** The workers' slices of a batch, with buffers for this shape, made on first use and kept. */
    private Shard[] shards(int seqLen, int batch, boolean training, boolean dropout, boolean resets) {
        String key = seqLen + "x" + batch + (training ? "t" : "") + (dropout ? "d" : "") + (resets ? "r" : "");
        return shardsByShape.computeIfAbsent(key, k -> {
            ModelConfig config = parameters.config();
            int width = config.cell().gates() * config.hidden();
            int workers = Math.min(threads.workers(), batch);
            Shard[] shards = new Shard[workers];
            for (int w = 0; w < workers; w++) {
                int from = w * batch / workers, to = (w + 1) * batch / workers;
                float[] gradients = !training ? null : w == 0 ? parameters.gradients() : workerGradients(w);
                LayerProducts[] products = new LayerProducts[recurrentOffsets.length];
                for (int l = 0; l < products.length; l++) {
                    products[l] = recurrent != null ? LayerProducts.packed(null, recurrent[l][0], recurrent[l][1])
                            : LayerProducts.blas(nativeWeights, -1, recurrentOffsets[l], 0, config.hidden(), width, to - from);
                }
                shards[w] = new Shard(parameters, seqLen, from, to - from, gradients, dropout, products, output, resets);
            }
            return shards;
        });
    }

    private float[] workerGradients(int worker) {
        while (workerGradients.size() < worker) {
            workerGradients.add(new float[parameters.gradients().length]);
        }
        return workerGradients.get(worker - 1);
    }

    /**
     * Runs the task on every shard, shard 0 on this thread and the others in the common fork-join pool,
     * and returns the sum of the results, added in shard order.
     */
    private static double sum(Shard[] shards, ToDoubleFunction<Shard> task) {
        List<Future<Double>> others = new ArrayList<>();
        for (int w = 1; w < shards.length; w++) {
            Shard shard = shards[w];
            others.add(ForkJoinPool.commonPool().submit(() -> task.applyAsDouble(shard)));
        }
        double total = task.applyAsDouble(shards[0]);
        for (Future<Double> other : others) {
            try {
                total += other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return total;
    }
}
