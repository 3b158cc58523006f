package sc.fiji.neuralstyle.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import boofcv.abst.flow.DenseOpticalFlow;
import boofcv.factory.flow.ConfigHornSchunckPyramid;
import boofcv.factory.flow.FactoryDenseOpticalFlow;
import boofcv.struct.image.GrayF32;
import sc.fiji.neuralstyle.flow.ConsistencyWeights;
import sc.fiji.neuralstyle.flow.FlowField;
import sc.fiji.neuralstyle.flow.FlowMethod;
import sc.fiji.neuralstyle.flow.GrayFrame;
import sc.fiji.neuralstyle.flow.OpticalFlow;
import sc.fiji.neuralstyle.flow.SyntheticSequence;
import sc.fiji.neuralstyle.flow.SyntheticSequence.Motion;
import sc.fiji.neuralstyle.flow.WeightMap;

/**
 * End-point error and time per frame pair of BoofCV's dense optical flow methods, with their settings
 * as {@link FlowMethod} has them and a few others, on the {@link SyntheticSequence}s (frame 1 to frame
 * 0, the backward flow that warping uses; the error over the pixels visible in both, and over those of
 * them in the band about a moving object's edge, {@link CoherenceMetrics#band}), and what the
 * consistency weights made from it and the flow back ({@link ConsistencyWeights}) trust: their mean
 * over the pixels that frame 0 does not show (they should be 0: the trail behind a moving object) and
 * over those it shows. Each size and motion computes every variant once untimed, then {@code repeats}
 * rounds that time every variant once, the order reversed every other round, so a drift in the
 * machine's speed hits all. Prints one line per variant, size and motion: "variant=V size=S motion=M
 * epe=E epe_band=B known=K trust_hidden=H trust_visible=V ms=T" (T the median).
 * Run through bench/optical_flow.sh.
 * <p>
 * Arguments: variants (comma-separated, default all), sizes (default 256,512), motions (default all),
 * repeats (default 3).
 */
public final class FlowBenchmark {

	private FlowBenchmark() {}

	/** The variants tried: name → a new algorithm of its method. */
	static Map<String, Variant> variants() {
		Map<String, Variant> v = new LinkedHashMap<>();
		for (FlowMethod method : FlowMethod.values()) {
			v.put(method.name().toLowerCase(Locale.ROOT), new Variant(method, null));
		}
		// The Horn-Schunck pyramid's settings around the project's (alpha 0.1, 3 warps of 50 iterations).
		v.put("horn_schunck_pyramid_boofcv_defaults", new Variant(FlowMethod.HORN_SCHUNCK_PYRAMID,
			() -> FactoryDenseOpticalFlow.hornSchunckPyramid(new ConfigHornSchunckPyramid(), GrayF32.class)));
		for (float alpha : new float[] {0.05f, 0.2f}) {
			v.put("horn_schunck_pyramid_alpha" + alpha, new Variant(FlowMethod.HORN_SCHUNCK_PYRAMID,
				() -> FactoryDenseOpticalFlow.hornSchunckPyramid(FlowMethod.hornSchunckPyramid(alpha, 3, 50), GrayF32.class)));
		}
		v.put("horn_schunck_pyramid_warps10", new Variant(FlowMethod.HORN_SCHUNCK_PYRAMID,
			() -> FactoryDenseOpticalFlow.hornSchunckPyramid(FlowMethod.hornSchunckPyramid(0.1f, 10, 150), GrayF32.class)));
		return v;
	}

	/** A method and, when not as {@link FlowMethod} has it, the algorithm with other settings. */
	record Variant(FlowMethod method, Supplier<DenseOpticalFlow<GrayF32>> settings) {

		OpticalFlow create() {
			return settings == null ? new OpticalFlow(method) : new OpticalFlow(method, settings.get());
		}
	}

	public static void main(String... args) {
		Map<String, Variant> all = variants();
		List<String> names = args.length > 0 && !args[0].equals("all") ? Arrays.asList(args[0].split(","))
			: new ArrayList<>(all.keySet());
		String sizes = args.length > 1 ? args[1] : "256,512";
		List<Motion> motions = new ArrayList<>();
		if (args.length > 2 && !args[2].equals("all")) {
			for (String m : args[2].split(",")) motions.add(Motion.valueOf(m.trim().toUpperCase(Locale.ROOT)));
		} else {
			motions.addAll(Arrays.asList(Motion.values()));
		}
		int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
		for (String name : names) {
			if (!all.containsKey(name)) throw new IllegalArgumentException("No variant " + name + "; known: " + all.keySet());
		}
		for (String s : sizes.split(",")) {
			int size = Integer.parseInt(s.trim());
			for (Motion motion : motions) {
				SyntheticSequence sequence = SyntheticSequence.of(motion, size, 2);
				GrayFrame first = sequence.gray(0);
				GrayFrame second = sequence.gray(1);
				FlowField truth = sequence.trueFlow(1, 0);
				boolean[] visible = sequence.visibleInBoth(1, 0);
				boolean[] band = new CoherenceMetrics(sequence).band(1);
				boolean[] inBand = new boolean[band.length], hidden = new boolean[band.length];
				for (int i = 0; i < band.length; i++) {
					inBand[i] = band[i] && visible[i];
					// Not shown in frame 0 although its true place is inside it: what came into view.
					float x = i % size + truth.u()[i], y = i / size + truth.v()[i];
					hidden[i] = !visible[i] && x >= 0 && y >= 0 && x <= size - 1 && y <= size - 1;
				}
				Map<String, OpticalFlow> flows = new LinkedHashMap<>();
				Map<String, FlowField> results = new LinkedHashMap<>();
				Map<String, WeightMap> weights = new LinkedHashMap<>();
				for (String name : names) {
					OpticalFlow flow = all.get(name).create();
					flows.put(name, flow);
					FlowField backward = flow.between(second, first);
					results.put(name, backward);
					weights.put(name, ConsistencyWeights.of(backward, flow.between(first, second)));
				}
				Map<String, double[]> ms = new LinkedHashMap<>();
				for (String name : names) ms.put(name, new double[repeats]);
				for (int r = 0; r < repeats; r++) {
					List<String> order = new ArrayList<>(names);
					if (r % 2 == 1) java.util.Collections.reverse(order);
					for (String name : order) {
						long start = System.nanoTime();
						flows.get(name).between(second, first);
						ms.get(name)[r] = (System.nanoTime() - start) / 1e6;
					}
				}
				for (String name : names) {
					FlowField result = results.get(name);
					System.out.printf(Locale.ROOT, "variant=%s size=%d motion=%s epe=%.3f epe_band=%.3f known=%.3f "
						+ "trust_hidden=%.3f trust_visible=%.3f ms=%.1f%n", name, size, motion.name().toLowerCase(Locale.ROOT),
						result.endPointError(truth, visible), result.endPointError(truth, inBand), result.knownFraction(visible),
						mean(weights.get(name), hidden), mean(weights.get(name), visible), median(ms.get(name)));
				}
			}
		}
	}

	/** The mean weight over the pixels selected; NaN if none is. */
	private static double mean(WeightMap weights, boolean[] where) {
		double sum = 0;
		int count = 0;
		for (int i = 0; i < where.length; i++) {
			if (!where[i]) continue;
			sum += weights.data()[i];
			count++;
		}
		return count == 0 ? Double.NaN : sum / count;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int m = sorted.length;
		return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
	}
}
