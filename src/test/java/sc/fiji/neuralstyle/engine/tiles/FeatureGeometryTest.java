package sc.fiji.neuralstyle.engine.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.net.Architecture;

class FeatureGeometryTest {

	@Test
	void receptiveFieldsOfVgg19() {
		FeatureGeometry g = FeatureGeometry.of(Architecture.VGG19,
			List.of("relu4_2", "relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"));
		assertEquals(new FeatureGeometry.Layer(1, 1, 1), g.layer("relu1_1"));
		assertEquals(new FeatureGeometry.Layer(8, 38, 45), g.layer("relu4_2"));
		assertEquals(new FeatureGeometry.Layer(16, 70, 85), g.layer("relu5_1"));
		assertEquals(16, g.alignment());
		assertEquals(80, g.margin(), "max(70, 85 - 16 + 1) rounded up to 16");
	}

	@Test
	void receptiveFieldsOfAlexnet() {
		FeatureGeometry g = FeatureGeometry.of(Architecture.ALEXNET, List.of("relu1", "relu5", "pool5"));
		assertEquals(new FeatureGeometry.Layer(4, 2, 8), g.layer("relu1"));
		assertEquals(new FeatureGeometry.Layer(16, 66, 96), g.layer("relu5"));
		assertEquals(32, g.alignment(), "pool5's stride");
		assertEquals(128, g.margin());
	}

	@Test
	void coresPartitionEachLayersFeatures() {
		FeatureGeometry g = FeatureGeometry.of(Architecture.ALEXNET, List.of("relu1", "relu2", "relu5"));
		for (int length : new int[] { 63, 100, 257 }) {
			for (String layer : List.of("relu1", "relu2", "relu5")) {
				int next = 0;
				for (int from = 0; from < length; from += 16) {
					int[] f = g.coreFeatures(layer, from, Math.min(length, from + 16), length);
					assertEquals(next, f[0], layer + " at " + from + " of " + length);
					next = f[1];
				}
				assertEquals(g.featureLength(layer, length), next, layer + " of " + length);
			}
		}
	}
}
