package rnn.model.reference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/** The few array operations the layers are written in, each writing into an array that already exists. */
final class Ops {
    private Ops() {
    }

    /** c = op(a) · op(b) + beta * c, into the preallocated (possibly a contiguous view) c. */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, double beta) {
        Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, beta);
    }

    /** x = sigmoid(x), in place. */
    static void sigmoid(INDArray x) {
        Nd4j.exec(new Sigmoid(x, x));
    }

    /** out = tanh(x); out may be x. */
    static void tanh(INDArray x, INDArray out) {
        Nd4j.exec(new Tanh(x, out));
    }

    /** out = s ⊙ (1 - s): the derivative of the sigmoid, given its output s. */
    static void sigmoidDerivative(INDArray s, INDArray out) {
        out.assign(s).rsubi(1.0).muli(s);
    }

    /** out = 1 - t ⊙ t: the derivative of tanh, given its output t. */
    static void tanhDerivative(INDArray t, INDArray out) {
        out.assign(t).muli(t).rsubi(1.0);
    }
}
