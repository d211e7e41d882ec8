package rnn.model.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Every parameter of a model by name, in creation order; layers register theirs when built. */
public final class Parameters {
    private final DataType dataType;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    Parameters(DataType dataType) {
        this.dataType = dataType;
    }

    /** A new zero parameter (and zero gradient) of the given shape. */
    Parameter add(String name, long... shape) {
        if (byName.containsKey(name)) {
            throw new IllegalStateException("duplicate parameter " + name);
        }
        Parameter p = new Parameter(name, Nd4j.zeros(dataType, shape), Nd4j.zeros(dataType, shape));
        byName.put(name, p);
        return p;
    }

    public DataType dataType() {
        return dataType;
    }

    public List<Parameter> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }

    public long count() {
        return byName.values().stream().mapToLong(Parameter::size).sum();
    }

    // Initialisers draw in double from java.util.Random, whose sequence is fixed by its specification,
    // so a seed gives the same initial weights on every JVM and every ND4J build.

    static void uniform(INDArray array, double bound, Random random) {
        double[] values = new double[(int) array.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (2 * random.nextDouble() - 1) * bound;
        }
        HostCopy.set(array, values);
    }

    static void normal(INDArray array, double std, Random random) {
        double[] values = new double[(int) array.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * std;
        }
        HostCopy.set(array, values);
    }
}
