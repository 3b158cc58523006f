package sc.fiji.neuralstyle.engine.terms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.tiles.TileGrid;
import sc.fiji.neuralstyle.engine.tiles.TileView;

/**
 * Ruder, Dosovitskiy &amp; Brox's temporal loss, a term of the pixels:
 * L_temporal = (1/D) Σ_j Σ_pixels c_j ⊙ (x − ω_j(x_{t−j}))², D = pixels × channels, with the warped
 * earlier results ω_j(x_{t−j}) and weights c_j of {@link TemporalTargets}. For the first plane of a
 * sequence (no targets) and at the coarser scales of a coarse-to-fine run it is 0. Tiled, each tile
 * takes the pixels of its core.
 */
public final class TemporalTerm implements LossTerm {

	private final double weight;
	/** Per earlier plane: the warped result (1, C, H, W) and its weights (1, 1, H, W), in the targets. */
	private final List<NDArray[]> targets = new ArrayList<>();

	public TemporalTerm(TermInputs in) {
		this.weight = in.settings().temporalWeight();
		if (!active()) return;
		int channels = (int) in.content().getShape().get(1);
		for (TemporalTargets.Link link : in.temporal().links()) {
			FloatImage warped = ColorTransfer.matchChannels(link.warped(), channels);
			targets.add(new NDArray[] { tensor(warped, in.targets()), tensor(link.weights(), in.targets()) });
		}
	}

	private static NDArray tensor(FloatImage image, NDManager manager) {
		return manager.create(image.data(), new Shape(1, image.channels(), image.height(), image.width()));
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

	/** Σ_j Σ c_j (x − ω_j)² over {@code x}, with the targets' part {@code where} (null: all). */
	private NDArray sum(NDArray x, NDIndex where, NDManager scope) {
		NDArray total = null;
		for (NDArray[] t : targets) {
			NDArray warped = where == null ? t[0] : t[0].get(where), c = where == null ? t[1] : t[1].get(where);
			if (where != null) {
				warped.attach(scope);
				c.attach(scope);
			}
			NDArray d = x.sub(warped);
			NDArray s = d.mul(d).mul(c).sum();
			total = total == null ? s : total.add(s);
		}
		return total;
	}

	/** D, the pixels × channels of the whole image. */
	private static double samples(NDArray image) {
		Shape s = image.getShape();
		return (double) s.get(1) * s.get(2) * s.get(3);
	}

	@Override
	public double addWhole(NDArray image, Map<String, NDArray> features, LossSum loss, NDManager scope) {
		if (targets.isEmpty()) return 0;
		NDArray sum = sum(image, null, scope);
		NDArray l = sum.div(LossFormulas.constant(sum, samples(image)));
		loss.add(l.mul(LossFormulas.constant(l, weight)));
		return l.getFloat();
	}

	@Override
	public Tiled tiled(int width, int height, NDManager scope) {
		return new Tiled() {
			private double sum;

			/** The core's Σ_j Σ c_j (x − ω_j)², or null if there is nothing to hold the plane to. */
			private NDArray core(TileView view) {
				if (targets.isEmpty()) return null;
				TileGrid.Tile t = view.tile();
				NDArray x = view.crop().get(new NDIndex(":, :, {}:{}, {}:{}", t.y0() - t.cropY0(), t.y1() - t.cropY0(),
					t.x0() - t.cropX0(), t.x1() - t.cropX0()));
				return TemporalTerm.this.sum(x, new NDIndex(":, :, {}:{}, {}:{}", t.y0(), t.y1(), t.x0(), t.x1()),
					view.scope());
			}

			@Override
			public void add(TileView view) {
				NDArray s = core(view);
				if (s != null) sum += s.getFloat();
			}

			@Override
			public double value() {
				return sum / ((double) width * height * channels());
			}

			@Override
			public void addShare(TileView view, LossSum loss) {
				NDArray s = core(view);
				if (s != null) loss.add(s.mul(LossFormulas.constant(s, weight / ((double) width * height * channels()))));
			}
		};
	}

	private int channels() {
		return targets.isEmpty() ? 1 : (int) targets.get(0)[0].getShape().get(1);
	}
}
