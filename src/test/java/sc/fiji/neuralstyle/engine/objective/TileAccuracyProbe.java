package sc.fiji.neuralstyle.engine.objective;

import java.util.List;
import java.util.Locale;

import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.tiles.FeatureGeometry;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.net.Architecture;

/**
 * The relative error of the tiled loss and gradient against one pass over the whole image, for each
 * margin from 0 to the receptive field's (bench/tile_accuracy.sh): VGG19 with the default layers,
 * seeded weights, a random image, tiles of 64 px on a fixed grid. Prints one line per margin.
 * <p>
 * Arguments: width (default 288), height (default 224).
 */
public final class TileAccuracyProbe {

	private TileAccuracyProbe() {}

	public static void main(String... args) {
		int width = args.length > 0 ? Integer.parseInt(args[0]) : 288;
		int height = args.length > 1 ? Integer.parseInt(args[1]) : 224;
		StyleSettings settings = Params.defaultSettings().toBuilder().build();
		String content = "relu4_2", style = "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1";
		FeatureGeometry g = FeatureGeometry.of(Architecture.VGG19, List.of("relu4_2", "relu1_1", "relu2_1", "relu3_1",
			"relu4_1", "relu5_1"));
		for (int margin = 0; margin <= g.margin(); margin += g.alignment()) {
			TiledObjectiveTest.Comparison r = TiledObjectiveTest.compare(Architecture.VGG19, content, style, settings, width,
				height, 3, 64, margin, false, 0);
			System.out.printf(Locale.ROOT, "margin=%d tiles=%d loss_error=%.2e gradient_error=%.2e%n", margin, r.tiles(),
				r.lossError(), r.gradientError());
		}
	}
}
