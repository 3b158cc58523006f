package sc.fiji.neuralstyle.engine;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.params.Params;

/** Scratch (not committed): prints exact losses and gradient hashes, to compare before and after a refactor. */
public class BitDump {

	static NDArray random(NDManager m, int c, int h, int w, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] v = new float[c * h * w];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
		return m.create(v, new Shape(1, c, h, w));
	}

	static FloatImage image(int c, int h, int w, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] v = new float[c * h * w];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
		return new FloatImage(w, h, c, v);
	}

	static String hash(float[] data) throws Exception {
		ByteBuffer b = ByteBuffer.allocate(data.length * 4);
		for (float f : data) b.putFloat(f);
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array())).substring(0, 16);
	}

	static String terms(StyleObjective.Terms t) throws Exception {
		return Double.toHexString(t.total()) + " " + Double.toHexString(t.content()) + " " + Double.toHexString(t.style())
			+ " " + Double.toHexString(t.tv()) + " g=" + hash(t.gradient().toFloatArray());
	}

	public static void main(String[] args) throws Exception {
		var engine = DjlSetup.pytorch();
		Architecture a = Architecture.VGG16;
		try (NDManager m = NDManager.newBaseManager();
			FeatureNetwork net = FeatureNetwork.create(a, Pooling.AVG, SeededWeights.forArchitecture(a), "seeded", m))
		{
			var pre = ModelDescriptor.load("vgg16").preprocessing();
			LayerWeights c = LayerWeights.parse("relu3_2", "c");
			LayerWeights s = LayerWeights.parse("relu1_1,relu2_1:0.3,relu3_1", "s");
			FeatureGeometry g = FeatureGeometry.of(a, List.of("relu3_2", "relu1_1", "relu2_1", "relu3_1"));
			for (int channels : new int[] { 3, 1 }) {
				NDArray content = random(m, channels, 76, 100, 1);
				NDArray style = random(m, 3, 95, 75, 2);
				NDArray style2 = random(m, 3, 70, 90, 4);
				NDArray x = random(m, channels, 76, 100, 3);
				FloatImage mask = image(1, 76, 100, 5);
				FloatImage mask2 = image(1, 76, 100, 6);
				StyleSettings base = Params.defaultSettings().toBuilder().contentWeight(1).styleWeight(1e3).tvWeight(0.5).build();
				StyleSettings[] settings = { base, base.toBuilder().tvWeight(0).build(), base.toBuilder().contentWeight(0).build(),
					base.toBuilder().styleWeight(0).build(), base.toBuilder().styleBlendWeights(List.of(0.3, 0.7)).build() };
				for (int k = 0; k < settings.length; k++) {
					for (int variant = 0; variant < 3; variant++) {
						List<NDArray> styles = variant == 0 ? List.of(style) : List.of(style, style2);
						List<FloatImage> masks = variant == 2 ? List.of(mask, mask2) : List.of();
						for (StyleObjective.Tiling tiling : new StyleObjective.Tiling[] { null, StyleObjective.Tiling.of(g, 32),
							new StyleObjective.Tiling(g, 48, g.margin(), false) })
						{
							try (NDManager run = m.newSubManager();
								StyleObjective o = new StyleObjective(engine, net, pre, settings[k], c, s, content, styles, masks, run,
									tiling))
							{
								StringBuilder line = new StringBuilder("ch" + channels + " s" + k + " v" + variant + " t"
									+ (tiling == null ? "-" : tiling.tile() + "" + tiling.shift()) + ":");
								for (int e = 0; e < 2; e++) line.append(" | ").append(terms(o.evaluate(x, run)));
								if (variant == 2 && k == 0 && tiling == null) {
									line.append(" | r=").append(Double.toHexString(o.regionStyleLoss(x, 0, 1)));
								}
								System.out.println(line);
							}
						}
					}
				}
			}
		}
		// Whole runs.
		FloatImage content = image(3, 40, 48, 11), style = image(3, 40, 40, 12);
		StyleSettings small = Params.defaultSettings().toBuilder().network("vgg16").contentLayers("relu2_1")
			.styleLayers("relu1_1,relu2_1").size(48).iterations(6).build();
		StyleSettings[] runs = { small, small.toBuilder().optimizer(OptimizerKind.ADAM).tvWeight(1).build(),
			small.toBuilder().scales(2).iterations(7).init(Init.parse("noise")).build(),
			small.toBuilder().size(100).tileSize(TileSize.parse("64")).build(), small.toBuilder().contentWeight(0).tvWeight(2).scales(2).build() };
		for (StyleSettings r : runs) {
			try (StyleTransfer t = StyleTransfer.open(r, SeededLoader.INSTANCE, ProgressListener.NONE)) {
				StyleResult res = t.run(content, List.of(style), List.of(), null, ProgressListener.NONE);
				StringBuilder line = new StringBuilder("run " + res.reason() + " " + res.bestIteration() + " img="
					+ hash(res.image().data()) + ":");
				for (LossRecord l : res.losses()) line.append(' ').append(Double.toHexString(l.total())).append('/')
					.append(Double.toHexString(l.content())).append('/').append(Double.toHexString(l.style())).append('/')
					.append(Double.toHexString(l.tv())).append('/').append(l.scale());
				System.out.println(line);
			}
		}
	}
}
