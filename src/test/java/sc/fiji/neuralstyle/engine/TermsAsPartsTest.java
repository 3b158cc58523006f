package sc.fiji.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.params.Params;

/**
 * The objective is the sum of the terms it is given: a further term is one class (here a pixel-space
 * term with an image-sized target and weights, the shape of the temporal term of Ruder et al.), its
 * value and gradient hold whole and in tiles, and it gets its own loss-log column.
 */
class TermsAsPartsTest {

	/** (1/C) Σ c ⊙ (x − t)² over the pixels: a target image t and per-pixel weights c, tiled by cores as tv is. */
	static final class PixelTargetTerm implements LossTerm {

		private final double weight;
		private final NDArray target;
		private final NDArray certainty;

		PixelTargetTerm(double weight, NDArray target, NDArray certainty) {
			this.weight = weight;
			this.target = target;
			this.certainty = certainty;
		}

		@Override
		public String name() {
			return "temporal";
		}

		@Override
		public double weight() {
			return weight;
		}

		@Override
		public List<String> layers() {
			return List.of();
		}

		private static NDArray loss(NDArray x, NDArray t, NDArray c) {
			NDArray d = x.sub(t);
			return d.mul(d).mul(c).sum().div(Losses.constant(x, x.getShape().get(1)));
		}

		@Override
		public double addWhole(NDArray image, Map<String, NDArray> features, LossSum loss, NDManager scope) {
			NDArray l = loss(image, target, certainty);
			loss.add(l.mul(Losses.constant(l, weight)));
			return l.getFloat();
		}

		@Override
		public Tiled tiled(int width, int height, NDManager scope) {
			return new Tiled() {
				private double sum;

				private NDArray core(TileView tile) {
					TileGrid.Tile t = tile.tile();
					ai.djl.ndarray.index.NDIndex inCrop = new ai.djl.ndarray.index.NDIndex(":, :, {}:{}, {}:{}",
						t.y0() - t.cropY0(), t.y1() - t.cropY0(), t.x0() - t.cropX0(), t.x1() - t.cropX0());
					ai.djl.ndarray.index.NDIndex inImage = new ai.djl.ndarray.index.NDIndex(":, :, {}:{}, {}:{}", t.y0(), t.y1(),
						t.x0(), t.x1());
					NDArray x = tile.crop().get(inCrop), tt = target.get(inImage), c = certainty.get(inImage);
					tt.attach(tile.scope());
					c.attach(tile.scope());
					return loss(x, tt, c);
				}

				@Override
				public void add(TileView tile) {
					sum += core(tile).getFloat();
				}

				@Override
				public double value() {
					return sum;
				}

				@Override
				public void addShare(TileView tile, LossSum loss) {
					NDArray l = core(tile);
					loss.add(l.mul(Losses.constant(l, weight)));
				}
			};
		}
	}

	private static NDArray random(NDManager manager, int channels, int height, int width, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] values = new float[channels * height * width];
		for (int i = 0; i < values.length; i++) values[i] = (float) random.nextDouble();
		return manager.create(values, new Shape(1, channels, height, width));
	}

	@Test
	void aPixelTermPlugsInWholeAndInTiles() {
		StyleSettings settings = Params.defaultSettings().toBuilder().contentWeight(1).styleWeight(1e3).tvWeight(0.5).build();
		Architecture a = Architecture.VGG16;
		int width = 100, height = 76;
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(a, Pooling.AVG, SeededWeights.forArchitecture(a), "seeded",
				manager))
		{
			NDArray content = random(manager, 3, height, width, 1);
			NDArray style = random(manager, 3, 60, 80, 2);
			NDArray x = random(manager, 3, height, width, 3);
			NDArray previous = random(manager, 3, height, width, 4);
			NDArray certainty = random(manager, 1, height, width, 5);
			LayerWeights c = LayerWeights.parse("relu3_2", "content_layers");
			LayerWeights s = LayerWeights.parse("relu1_1,relu2_1,relu3_1", "style_layers");
			FeatureGeometry geometry = FeatureGeometry.of(a, List.of("relu3_2", "relu1_1", "relu2_1", "relu3_1"));
			var pre = ModelDescriptor.load("vgg16").preprocessing();
			double[] totals = new double[2];
			NDArray[] gradients = new NDArray[2];
			double temporal = 0;
			for (int tiled = 0; tiled < 2; tiled++) {
				TermInputs in = StyleObjective.inputs(network, pre, settings, c, s, content, List.of(style), List.of(), manager,
					tiled == 1 ? StyleObjective.Tiling.of(geometry, 32) : null, null, null);
				try (StyleObjective objective = new StyleObjective(DjlSetup.pytorch(), in, inputs -> {
					List<LossTerm> terms = new ArrayList<>(LossTerms.create(inputs));
					terms.add(new PixelTargetTerm(2, previous, certainty)); // the one line a new term needs
					return terms;
				}))
				{
					assertEquals(List.of("content", "style", "tv", "temporal"), objective.names());
					StyleObjective.Terms t = objective.evaluate(x, manager);
					totals[tiled] = t.total();
					gradients[tiled] = t.gradient();
					if (tiled == 0) {
						temporal = t.values().get("temporal");
						// Its value is the formula's, and the total includes it, weighted.
						NDArray d = x.sub(previous);
						assertEquals(d.mul(d).mul(certainty).sum().getFloat() / 3, temporal, 1e-3 * temporal);
						assertEquals(t.total(), t.content() + 1e3 * t.style() + 0.5 * t.tv() + 2 * temporal, 1e-5 * t.total());
					}
					else {
						assertEquals(temporal, t.values().get("temporal"), 1e-5 * temporal, "tiled value");
					}
				}
			}
			assertEquals(totals[0], totals[1], 1e-5 * totals[0]);
			double error = gradients[0].sub(gradients[1]).norm().getFloat() / gradients[0].norm().getFloat();
			assertEquals(0, error, 1e-4, "tiled gradient");
		}
	}

	@Test
	void aDefaultRunLogsGatysColumnsOnly() {
		StyleSettings defaults = Params.defaultSettings();
		assertEquals(List.of("content", "style", "tv"), LossTerms.columns(defaults));
		assertEquals(List.of("content", "style", "tv"), LossTerms.columns(defaults.toBuilder().tvWeight(0).contentWeight(0)
			.build()), "Gatys et al.'s columns stay where their weight is 0");
		assertEquals("iteration,total,content,style,tv,elapsed_ms,scale", LossRecord.CSV_HEADER);
		assertEquals(LossRecord.CSV_HEADER, new LossRecord(0, 1, 0, 1, 0, 0, 64).csvHeader());
	}

	@Test
	void aFurtherTermIsAColumnOfItsOwnAndReadsBack(@TempDir Path dir) throws IOException {
		List<String> names = List.of("content", "style", "tv", "temporal");
		List<LossRecord> records = List.of(new LossRecord(0, 10, TermValues.of(names, 1, 0.01, 0, 2.5), 0, 64),
			new LossRecord(1, 5.5, TermValues.of(names, 0.5, 0.005, 0, 1.25), 42, 64));
		Path csv = dir.resolve("losses.csv");
		LossLog.write(records, csv);
		assertEquals(List.of("iteration,total,content,style,tv,temporal,elapsed_ms,scale", "0,10.0,1.0,0.01,0.0,2.5,0,64",
			"1,5.5,0.5,0.005,0.0,1.25,42,64"), Files.readAllLines(csv));
		assertEquals(records, LossLog.read(csv));
		assertEquals(1.25, LossLog.read(csv).get(1).terms().get("temporal"));

		// A log of the six columns before scale still reads.
		Path old = dir.resolve("old.csv");
		Files.writeString(old, "iteration,total,content,style,tv,elapsed_ms\n0,10.0,1.0,0.01,0.0,0\n");
		assertEquals(List.of(new LossRecord(0, 10, 1, 0.01, 0, 0, 0)), LossLog.read(old));
		Files.writeString(old, "a,b\n1,2\n");
		assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> LossLog.read(old))
			.getMessage().contains("not a loss log"));
	}
}
