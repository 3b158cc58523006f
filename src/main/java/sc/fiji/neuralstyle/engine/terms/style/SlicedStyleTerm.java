package sc.fiji.neuralstyle.engine.terms.style;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.terms.LayerTerm;
import sc.fiji.neuralstyle.engine.terms.LossFormulas;
import sc.fiji.neuralstyle.engine.terms.LossSum;
import sc.fiji.neuralstyle.engine.terms.TermInputs;
import sc.fiji.neuralstyle.engine.tiles.Features;
import sc.fiji.neuralstyle.engine.tiles.TileCore;
import sc.fiji.neuralstyle.engine.tiles.TileGrid;
import sc.fiji.neuralstyle.engine.tiles.TileView;
import sc.fiji.neuralstyle.engine.tiles.Tiles;

/**
 * The sliced Wasserstein style loss ({@code style_loss=sliced}, Heitz et al., "A Sliced Wasserstein
 * Loss for Neural Texture Synthesis", CVPR 2021): at each style layer the features are projected on
 * K seeded random unit directions ({@link SlicedDirections}, K = {@link #DIRECTIONS_PER_CHANNEL} × N),
 * each projection's M values are sorted, and E_l = Σ (sorted − target)² / (K M), the target being the
 * style's sorted projections resampled to M quantiles (linear interpolation where the style has
 * another number of positions). L_style = Σ_l w_l E_l. The directions stay fixed for a run (so the
 * loss is one function that L-BFGS and the tiles can work with).
 * <p>
 * Several styles: the target is Σ b_s of their quantile functions, the one-dimensional Wasserstein
 * barycentre of the styles along each direction. Masks are refused (params.Preflight): a sorted
 * projection has no place for a position's weight.
 * <p>
 * Autograd differentiates through the sort (∂E/∂P at a position is 2 (P − Q[rank]) / (K M)). With
 * tiles, pass 1 keeps each tile core's projections (K values per position and layer, the memory of one
 * feature map of K channels at each style layer), then sorts their concatenation and takes ∂E/∂P by
 * autograd on it alone; a tile's share in pass 2 is ⟨∂E/∂P_tile, Vᵀ F_core⟩.
 */
public final class SlicedStyleTerm extends LayerTerm implements StyleTerm {

	/** Directions per channel of a layer (K = this × N), chosen by measurement (docs/benchmarks.md, Style losses). */
	public static final double DIRECTIONS_PER_CHANNEL = 1;

	private final Features features;
	private final Tiles tiles;
	private final NDManager targets;
	/** Per layer: the directions (N, K) and the target quantiles (K, M). */
	private final Map<String, NDArray> directions = new LinkedHashMap<>();
	private final Map<String, NDArray> quantiles = new LinkedHashMap<>();
	private final double directionsPerChannel;

	/**
	 * @param directionsPerChannel K / N: {@link #DIRECTIONS_PER_CHANNEL} in a run, others to measure
	 *          what they buy
	 */
	public SlicedStyleTerm(TermInputs in, double directionsPerChannel) {
		super(in.settings().styleWeight(), in.styleLayers());
		this.directionsPerChannel = directionsPerChannel;
		this.features = in.features();
		this.tiles = in.tiles();
		this.targets = in.targets();
		if (!active()) return;
		if (!in.masks().isEmpty()) {
			throw new IllegalArgumentException("style_loss: sliced cannot take masks; use style_loss=gram or wasserstein");
		}
		Map<String, long[]> sizes = StyleMask.layerSizes(in, layers);
		List<Map<String, float[]>> perStyle = new ArrayList<>();
		for (NDArray style : in.styles()) perStyle.add(sortedProjections(in, style));
		double[] blend = in.settings().blendWeights(perStyle.size());
		for (String layer : layers.names()) {
			long[] hw = sizes.get(layer);
			int m = (int) (hw[0] * hw[1]);
			int k = (int) directions.get(layer).getShape().get(1);
			float[] target = new float[k * m];
			for (int s = 0; s < perStyle.size(); s++) {
				float[] sorted = perStyle.get(s).get(layer);
				int ms = sorted.length / k;
				for (int d = 0; d < k; d++) resample(sorted, d * ms, ms, target, d * m, m, blend[s]);
			}
			quantiles.put(layer, targets.create(target, new Shape(k, m)));
		}
	}

	/** Each layer's projections of a style image, sorted per direction, (K × M_s) row-major. */
	private Map<String, float[]> sortedProjections(TermInputs in, NDArray style) {
		Map<String, float[]> sorted = new LinkedHashMap<>();
		try (NDManager scope = targets.newSubManager()) {
			Map<String, NDArray> projections = new LinkedHashMap<>();
			if (tiles.splits(style)) {
				Map<String, List<NDArray>> parts = new LinkedHashMap<>();
				tiles.pass(style, tiles.grid(style, 0), layers.names(), scope, tile -> {
					for (String layer : layers.names()) {
						TileCore core = tile.core(layer);
						if (core.isEmpty()) continue;
						NDArray p = project(layer, tile.coreFeatures(core, layer), in);
						p.attach(scope);
						parts.computeIfAbsent(layer, l -> new ArrayList<>()).add(p);
					}
				});
				for (String layer : layers.names()) {
					projections.put(layer, NDArrays.concat(new NDList(parts.get(layer)), 1));
				}
			}
			else {
				Map<String, NDArray> f = features.copyOf(style, layers.names(), scope);
				for (String layer : layers.names()) projections.put(layer, project(layer, f.get(layer), in));
			}
			for (String layer : layers.names()) sorted.put(layer, projections.get(layer).sort(1).toFloatArray());
		}
		return sorted;
	}

	/** Vᵀ F: the (K, M) projections of a layer's (1, N, h, w) features (the directions made on first use). */
	private NDArray project(String layer, NDArray f, TermInputs in) {
		long n = f.getShape().get(1);
		NDArray v = directions.get(layer);
		if (v == null) {
			int k = (int) Math.max(1, Math.round(n * directionsPerChannel));
			float[] d = SlicedDirections.of(in.settings().seed(), layers.names().indexOf(layer), (int) n, k);
			v = targets.create(d, new Shape(n, k));
			directions.put(layer, v);
		}
		return project(v, f);
	}

	/** Vᵀ F, computed as (Fᵀ V)ᵀ so that it belongs to the features' manager, not the directions'. */
	private static NDArray project(NDArray v, NDArray f) {
		long n = f.getShape().get(1);
		return f.reshape(n, f.getShape().size() / n).transpose().matMul(v).transpose();
	}

	/**
	 * Adds {@code weight} × the quantile function of {@code from[offset, offset + n)} (sorted), read
	 * at {@code m} quantiles (i + ½)/m, into {@code to[at, at + m)}.
	 */
	static void resample(float[] from, int offset, int n, float[] to, int at, int m, double weight) {
		for (int i = 0; i < m; i++) {
			double value;
			if (n == m) {
				value = from[offset + i];
			}
			else {
				double p = Math.min(n - 1, Math.max(0, (i + 0.5) * n / m - 0.5));
				int lower = (int) Math.floor(p);
				int upper = Math.min(n - 1, lower + 1);
				double t = p - lower;
				value = from[offset + lower] * (1 - t) + from[offset + upper] * t;
			}
			to[at + i] += (float) (weight * value);
		}
	}

	/** E = Σ (sort(P) − Q)² / (K M) of projections P (K, M), differentiable (through the sort). */
	private static NDArray loss(NDArray p, NDArray quantiles) {
		long k = p.getShape().get(0), m = p.getShape().get(1);
		NDArray sum = p.sort(1).sub(quantiles).square().sum();
		return sum.mul(LossFormulas.constant(sum, 1.0 / ((double) k * m)));
	}

	@Override
	protected NDArray layerLoss(String layer, NDArray f, NDManager scope) {
		return loss(project(directions.get(layer), f), quantiles.get(layer));
	}

	@Override
	protected LayerTiled tiledLayers(int width, int height, NDManager scope) {
		return new LayerTiled() {
			/** Per layer, per tile (in pass 1's order): the core's projections, then its part of ∂E/∂P. */
			private final Map<String, Map<TileGrid.Tile, NDArray>> parts = new LinkedHashMap<>();

			@Override
			public void add(TileView tile) {
				for (String layer : layers.names()) {
					TileCore core = tile.core(layer);
					if (core.isEmpty()) continue;
					NDArray p = project(directions.get(layer), tile.coreFeatures(core, layer));
					p.attach(scope);
					parts.computeIfAbsent(layer, l -> new LinkedHashMap<>()).put(tile.tile(), p);
				}
			}

			@Override
			public double value() {
				double value = 0;
				for (String layer : layers.names()) {
					Map<TileGrid.Tile, NDArray> byTile = parts.get(layer);
					if (byTile == null) throw new IllegalStateException("No tile reached layer " + layer);
					NDArray all = NDArrays.concat(new NDList(byTile.values().toArray(NDArray[]::new)), 1);
					// ∂E/∂P by autograd on the projections alone (no other collector is open between the passes).
					all.setRequiresGradient(true);
					try (GradientCollector collector = DjlSetup.pytorch().newGradientCollector()) {
						NDArray e = loss(all, quantiles.get(layer));
						value += layers.weight(layer) * e.getFloat();
						collector.backward(e);
					}
					NDArray gradient = all.getGradient();
					long at = 0;
					for (Map.Entry<TileGrid.Tile, NDArray> e : byTile.entrySet()) {
						long m = e.getValue().getShape().get(1);
						NDArray part = gradient.get(new ai.djl.ndarray.index.NDIndex(":, {}:{}", at, at + m));
						part.attach(scope);
						e.setValue(part);
						at += m;
					}
				}
				return value;
			}

			@Override
			public void addShare(TileView tile, String layer, double factor, LossSum loss) {
				TileCore core = tile.core(layer);
				if (core.isEmpty()) return;
				NDArray p = project(directions.get(layer), tile.coreFeatures(core, layer));
				NDArray share = p.mul(parts.get(layer).get(tile.tile())).sum();
				loss.add(share.mul(LossFormulas.constant(share, factor)));
			}
		};
	}
}
