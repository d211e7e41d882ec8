package rnn.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import rnn.config.LrSchedule;
import rnn.config.TrainingSetting;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The one place the table of training settings cannot reach, picocli's options, held to it. */
class TrainingSettingsTest {
    private static final CommandSpec TRAIN = Main.commandLine().getSubcommands().get("train").getCommandSpec();
    private static final Map<TrainingSetting.Kind, Class<?>> TYPES = Map.of(TrainingSetting.Kind.WHOLE, int.class,
            TrainingSetting.Kind.LONG, long.class, TrainingSetting.Kind.REAL, double.class,
            TrainingSetting.Kind.SCHEDULE, LrSchedule.class);

    @Test
    void everySettingIsAnOptionOfTrainOfItsTypeWithADefault() {
        for (TrainingSetting<?> setting : TrainingSetting.ALL) {
            OptionSpec option = TRAIN.findOption(setting.flag());
            assertNotNull(option, setting.flag());
            assertEquals(TYPES.get(setting.kind()), option.type(), setting.flag());
            assertNotNull(option.defaultValue(), setting.flag() + " needs a default, which a new run takes");
            assertNotNull(option.group(), setting.flag() + " belongs in the Model or Optimisation section");
        }
    }

    @Test
    void theModelAndOptimisationSectionsHoldOnlyTheArchitectureTheTextAndTheTable() {
        Set<String> others = new TreeSet<>();
        for (ArgGroupSpec group : TRAIN.argGroups()) {
            if (group.heading().contains("Model") || group.heading().contains("Optimisation")) {
                for (OptionSpec option : group.options()) {
                    if (TrainingSetting.ALL.stream().noneMatch(s -> s.flag().equals(option.longestName()))) {
                        others.add(option.longestName());
                    }
                }
            }
        }
        // Anything else there would be a training setting declared outside the table: not saved, not resumed, not shown.
        assertEquals(Set.of("--cell", "--layers", "--hidden", "--embed", "--records", "--val-file"), others);
    }
}
