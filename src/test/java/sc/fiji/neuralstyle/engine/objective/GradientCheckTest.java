package sc.fiji.neuralstyle.engine.objective;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;

/** The objective's gradient w.r.t. the image agrees with central finite differences. */
class GradientCheckTest {

	@Test
	void gradientMatchesFiniteDifferencesAlongRandomDirections() {
		var engine = DjlSetup.pytorch();
		StyleSettings settings = Params.defaultSettings().toBuilder().contentWeight(1).styleWeight(1e3).tvWeight(0.5).build();
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG16, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG16), "seeded", manager))
		{
			NDArray content = random(manager, 3, 20, 24, 1);
			NDArray style = random(manager, 3, 28, 20, 2);
			NDArray x = random(manager, 3, 20, 24, 3);
			try (StyleObjective objective = Objectives.of(engine, network, ModelDescriptor.load("vgg16").preprocessing(),
				settings, LayerWeights.parse("relu2_2", "content"), LayerWeights.parse("relu1_1,relu2_1,relu3_1", "style"),
				content, List.of(style), List.of(), manager))
			{
				StyleObjective.Terms at = objective.evaluate(x, manager);
				for (int seed = 10; seed < 13; seed++) {
					NDArray direction = random(manager, 3, 20, 24, seed).sub(0.5f);
					direction = direction.div(direction.norm());
					float h = 1e-2f;
					double plus = objective.evaluate(x.add(direction.mul(h)), manager).total();
					double minus = objective.evaluate(x.sub(direction.mul(h)), manager).total();
					double numeric = (plus - minus) / (2 * h);
					double analytic = at.gradient().mul(direction).sum().getFloat();
					assertEquals(numeric, analytic, 1e-2 * Math.abs(numeric) + 1e-3 * at.gradient().norm().getFloat(),
						"directional derivative along direction " + seed);
				}
			}
		}
	}

	private static NDArray random(NDManager manager, int channels, int height, int width, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] values = new float[channels * height * width];
		for (int i = 0; i < values.length; i++) values[i] = (float) random.nextDouble();
		return manager.create(values, new Shape(1, channels, height, width));
	}
}
