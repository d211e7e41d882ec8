package rnn.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;
import rnn.model.Parameter;
import rnn.model.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015), with bias correction:
 * <pre>
 *   m = β1 m + (1 - β1) g          v = β2 v + (1 - β2) g²
 *   θ = θ - lr · (m / (1 - β1^t)) / (sqrt(v / (1 - β2^t)) + ε)
 * </pre>
 */
public final class Adam {
    public static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

    private final Parameters parameters;
    private final Map<String, INDArray> firstMoments = new LinkedHashMap<>();  // m, shaped like its parameter
    private final Map<String, INDArray> secondMoments = new LinkedHashMap<>(); // v, shaped like its parameter
    private final Map<String, INDArray> scratch = new LinkedHashMap<>();
    private long step;

    public Adam(Parameters parameters) {
        this.parameters = parameters;
        for (Parameter p : parameters.all()) {
            firstMoments.put(p.name(), Nd4j.zeros(p.value().dataType(), p.value().shape()));
            secondMoments.put(p.name(), Nd4j.zeros(p.value().dataType(), p.value().shape()));
            scratch.put(p.name(), Nd4j.zeros(p.value().dataType(), p.value().shape()));
        }
    }

    /** One update of every parameter from its current gradient. */
    public void update(double learningRate) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (Parameter p : parameters.all()) {
            INDArray m = firstMoments.get(p.name()), v = secondMoments.get(p.name()), s = scratch.get(p.name());
            INDArray g = p.grad();
            s.assign(g).muli(1 - BETA1);
            m.muli(BETA1).addi(s);                               // m = β1 m + (1-β1) g
            s.assign(g).muli(g).muli(1 - BETA2);
            v.muli(BETA2).addi(s);                               // v = β2 v + (1-β2) g²
            Nd4j.exec(new Sqrt(v, s));
            s.muli(1 / Math.sqrt(correction2)).addi(EPSILON);    // sqrt(v̂) + ε
            m.divi(s, s).muli(learningRate / correction1);       // lr · m̂ / (sqrt(v̂) + ε)
            p.value().subi(s);
        }
    }

    /** Updates done so far (t in the bias correction). */
    public long step() {
        return step;
    }

    public Map<String, INDArray> firstMoments() {
        return firstMoments;
    }

    public Map<String, INDArray> secondMoments() {
        return secondMoments;
    }

    /** Restores the step count (the moments are restored by assigning into {@link #firstMoments()} etc.). */
    public void restoreStep(long step) {
        this.step = step;
    }
}
