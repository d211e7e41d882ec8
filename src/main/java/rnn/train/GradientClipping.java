package rnn.train;

import rnn.model.Kernels;
import rnn.model.Parameters;

/** Clipping by global norm: if ||g|| = sqrt(Σ over every weight of g²) exceeds max, scale every g by max/||g||. */
final class GradientClipping {
    private GradientClipping() {
    }

    /** Clips in place when maxNorm > 0; returns the norm before clipping. */
    static double clip(Parameters parameters, double maxNorm) {
        float[] gradients = parameters.gradients();
        double norm = Math.sqrt(Kernels.sumOfSquares(gradients));
        if (maxNorm > 0 && norm > maxNorm) {
            Kernels.ACTIVE.scale(gradients, 0, (float) (maxNorm / norm), gradients.length);
        }
        return norm;
    }
}
