package rnn.train;

import rnn.model.Parameter;
import rnn.model.Parameters;

/** Clipping by global norm: if ||g|| = sqrt(Σ over all parameters of Σ g²) exceeds max, scale every g by max/||g||. */
final class GradientClipping {
    private GradientClipping() {
    }

    static double globalNorm(Parameters parameters) {
        double sumOfSquares = 0;
        for (Parameter p : parameters.all()) {
            double norm = p.grad().norm2Number().doubleValue();
            sumOfSquares += norm * norm;
        }
        return Math.sqrt(sumOfSquares);
    }

    /** Clips in place when maxNorm > 0; returns the norm before clipping. */
    static double clip(Parameters parameters, double maxNorm) {
        double norm = globalNorm(parameters);
        if (maxNorm > 0 && norm > maxNorm) {
            double scale = maxNorm / norm;
            for (Parameter p : parameters.all()) {
                p.grad().muli(scale);
            }
        }
        return norm;
    }
}
