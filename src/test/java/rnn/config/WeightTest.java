package rnn.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class WeightTest {
    @Test
    void aGruOfTwoLayersHasItsCandidateBiasInEachLayerAndTheNamesCheckpointsStore() {
        ModelConfig config = new ModelConfig(CellType.GRU, 2, 5, 3, 7); // H 5, E 3, V 7, G 3
        List<Weight> weights = Weight.of(config);
        assertEquals(List.of("embedding.table", "layer0.wx", "layer0.wh", "layer0.b", "layer0.bhn",
                "layer1.wx", "layer1.wh", "layer1.b", "layer1.bhn", "output.weight", "output.bias"),
                weights.stream().map(Weight::name).toList());
        assertArrayEquals(new long[] {7, 3}, weights.get(0).shape());
        assertArrayEquals(new long[] {3, 15}, weights.get(1).shape());   // layer 0 reads the embedding
        assertArrayEquals(new long[] {5, 15}, weights.get(5).shape());   // layer 1 reads layer 0's h
        assertArrayEquals(new long[] {5}, weights.get(4).shape());
        assertArrayEquals(new long[] {5, 7}, weights.get(9).shape());
        // 7*3 + (3*15 + 5*15 + 15 + 5) + (5*15 + 5*15 + 15 + 5) + 5*7 + 7
        assertEquals(21 + 140 + 170 + 35 + 7, config.parameterCount());
    }

    @Test
    void onlyGruHasAWeightBeyondTheThreeEveryCellHas() {
        for (CellType cell : CellType.values()) {
            long perLayer = Weight.of(new ModelConfig(cell, 1, 4, 2, 3)).stream().filter(w -> w.layer() == 0).count();
            assertEquals(cell == CellType.GRU ? 4 : 3, perLayer, cell.flagName());
        }
        assertEquals(List.of(Weight.Role.EMBEDDING, Weight.Role.OUTPUT), Weight.of(new ModelConfig(CellType.LSTM, 1, 4, 2, 3))
                .stream().filter(w -> w.isMatrix() && w.layer() < 0).map(Weight::role).toList());
    }
}
