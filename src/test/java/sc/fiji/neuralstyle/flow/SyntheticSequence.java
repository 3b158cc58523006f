package sc.fiji.neuralstyle.flow;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import sc.fiji.neuralstyle.files.AtomicFile;

/**
 * Synthetic frame sequences with known motion, made from the sample images: the one place the flow
 * tests, the flow benchmark and the coherence benchmark get their sequences and their true flow.
 * <p>
 * Each frame is {@code size × size} RGB. The background is {@code samples/coffee.png} (a central
 * window of 80 % of its shorter side, reduced (after an anti-aliasing blur) or enlarged to the
 * frame: every size shows the same scene); each frame
 * applies one more step of the background's motion about the frame's centre. {@link Motion#OBJECT}
 * adds a disc cut from {@code samples/ihc.png} that moves the other way. Motions are given for 256 px
 * and scale with the size. Frames are sampled bilinearly from the sample images, so the true flow of
 * every pixel is known exactly, and so is which pixels are visible in two frames (inside both, and
 * on the same layer: not covered or uncovered by the object).
 * <p>
 * As a program it writes a sequence as numbered PNG files (bench/synthetic_sequences.sh):
 * {@code SyntheticSequence motion size frames folder}.
 */
public final class SyntheticSequence {

	/** The kinds of motion. */
	public enum Motion {
		/** A pan: (2.5, 1.5) px per frame at 256 px. */
		PAN,
		/** A rotation by 1° per frame about the centre (2.2 px per frame at the edges' middles at 256 px). */
		ROTATION,
		/** A zoom by 1 % per frame about the centre. */
		ZOOM,
		/** A slow pan of the background, (1, 0.5) px per frame, and a disc moving the other way, (−3, 1.5). */
		OBJECT,
		/** {@link #PAN} with Gaussian noise of σ = 0.04 (10 of 255 grey levels) in each frame of its own. */
		NOISE
	}

	private static final Path SAMPLES = Paths.get("samples");
	private static final double WINDOW_SHARE = 0.8;
	private static final double OBJECT_RADIUS = 0.18;
	private static final double NOISE_SIGMA = 0.04;

	private final Motion motion;
	private final int size;
	private final int frames;
	/** Top layer last. */
	private final List<Layer> layers = new ArrayList<>();

	private SyntheticSequence(Motion motion, int size, int frames) {
		this.motion = motion;
		this.size = size;
		this.frames = frames;
		double s = size / 256.0;
		double c = (size - 1) / 2.0;
		Source background = Source.read(SAMPLES.resolve("coffee.png"));
		Affine step = switch (motion) {
			case PAN, NOISE -> Affine.translation(2.5 * s, 1.5 * s);
			case ROTATION -> Affine.about(c, c, 1, Math.toRadians(1));
			case ZOOM -> Affine.about(c, c, 1.01, 0);
			case OBJECT -> Affine.translation(1.0 * s, 0.5 * s);
		};
		background = background.prefilteredFor(size);
		layers.add(new Layer(background, background.window(size), step, Double.NaN, c, c));
		if (motion == Motion.OBJECT) {
			Source object = Source.read(SAMPLES.resolve("ihc.png")).prefilteredFor(size);
			double radius = OBJECT_RADIUS * size;
			layers.add(new Layer(object, object.window(size), Affine.translation(-3 * s, 1.5 * s), radius, 0.6 * size,
				0.4 * size));
		}
	}

	/**
	 * A sequence.
	 *
	 * @param size width and height of each frame in pixels
	 * @param frames number of frames
	 */
	public static SyntheticSequence of(Motion motion, int size, int frames) {
		if (size < 8 || frames < 2) throw new IllegalArgumentException("A sequence needs 8 px and 2 frames");
		return new SyntheticSequence(motion, size, frames);
	}

	/** The motion. */
	public Motion motion() {
		return motion;
	}

	/** Width and height of a frame. */
	public int size() {
		return size;
	}

	/** Number of frames. */
	public int frames() {
		return frames;
	}

	/** Frame t (from 0): RGB, planar, in [0, 1]. */
	public float[] frame(int t) {
		check(t);
		int n = size * size;
		float[] rgb = new float[3 * n];
		SplittableRandom noise = new SplittableRandom(1000 + t);
		for (int y = 0, i = 0; y < size; y++) {
			for (int x = 0; x < size; x++, i++) {
				Layer layer = layerAt(x, y, t);
				double[] p = layer.sourcePoint(x, y, t);
				for (int ch = 0; ch < 3; ch++) {
					double value = layer.source.sample(ch, p[0], p[1]);
					if (motion == Motion.NOISE) value = Math.max(0, Math.min(1, value + NOISE_SIGMA * noise.nextGaussian()));
					rgb[ch * n + i] = (float) value;
				}
			}
		}
		return rgb;
	}

	/** Frame t as a gray frame. */
	public GrayFrame gray(int t) {
		return GrayFrame.of(size, size, 3, frame(t));
	}

	/** The true flow from frame {@code from} to frame {@code to}: where each pixel of {@code from} is in {@code to}. */
	public FlowField trueFlow(int from, int to) {
		check(from);
		check(to);
		int n = size * size;
		float[] u = new float[n];
		float[] v = new float[n];
		for (int y = 0, i = 0; y < size; y++) {
			for (int x = 0; x < size; x++, i++) {
				double[] q = layerAt(x, y, from).moved(x, y, from, to);
				u[i] = (float) (q[0] - x);
				v[i] = (float) (q[1] - y);
			}
		}
		return new FlowField(size, size, u, v);
	}

	/**
	 * Which pixels of frame {@code from} are visible in frame {@code to}: their true position there is
	 * inside the frame and on the same layer.
	 */
	public boolean[] visibleInBoth(int from, int to) {
		check(from);
		check(to);
		boolean[] visible = new boolean[size * size];
		for (int y = 0, i = 0; y < size; y++) {
			for (int x = 0; x < size; x++, i++) {
				Layer layer = layerAt(x, y, from);
				double[] q = layer.moved(x, y, from, to);
				visible[i] = q[0] >= 0 && q[1] >= 0 && q[0] <= size - 1 && q[1] <= size - 1
					&& layerAt(q[0], q[1], to) == layer;
			}
		}
		return visible;
	}

	/**
	 * Whether pixel (x, y) of frame t shows the moving object ({@link Motion#OBJECT}; false for the
	 * other motions).
	 */
	public boolean onObject(double x, double y, int t) {
		return layers.size() > 1 && layerAt(x, y, t) == layers.get(layers.size() - 1);
	}

	private Layer layerAt(double x, double y, int t) {
		for (int k = layers.size() - 1; k > 0; k--) {
			if (layers.get(k).covers(x, y, t)) return layers.get(k);
		}
		return layers.get(0);
	}

	private void check(int t) {
		if (t < 0 || t >= frames) throw new IndexOutOfBoundsException("frame " + t + " of " + frames);
	}

	/**
	 * One layer: a source image seen through {@code base} (a frame pixel's offset from (cx, cy) → source
	 * point) and moved by {@code step} once per frame; in frame 0 the source's centre
	 * is at (cx, cy), and the layer is a disc of {@code radius} about it, or the whole frame when the
	 * radius is NaN.
	 */
	private record Layer(Source source, Affine base, Affine step, double radius, double cx, double cy) {

		/** Frame 0's position of pixel (x, y) of frame t. */
		double[] atStart(double x, double y, int t) {
			return step.power(t).inverse().apply(x, y);
		}

		double[] sourcePoint(double x, double y, int t) {
			double[] p = atStart(x, y, t);
			return base.apply(p[0] - cx, p[1] - cy);
		}

		double[] moved(double x, double y, int from, int to) {
			double[] p = atStart(x, y, from);
			return step.power(to).apply(p[0], p[1]);
		}

		boolean covers(double x, double y, int t) {
			if (Double.isNaN(radius)) return true;
			double[] p = atStart(x, y, t);
			double dx = p[0] - cx;
			double dy = p[1] - cy;
			return dx * dx + dy * dy <= radius * radius;
		}
	}

	/** An affine map p → A p + t, A = (a b; c d). */
	private record Affine(double a, double b, double c, double d, double tx, double ty) {

		static Affine translation(double dx, double dy) {
			return new Affine(1, 0, 0, 1, dx, dy);
		}

		/** Zoom by z and rotation by θ about (cx, cy). */
		static Affine about(double cx, double cy, double z, double theta) {
			double cos = z * Math.cos(theta);
			double sin = z * Math.sin(theta);
			return new Affine(cos, -sin, sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy);
		}

		double[] apply(double x, double y) {
			return new double[] {a * x + b * y + tx, c * x + d * y + ty};
		}

		Affine then(Affine next) {
			return new Affine(next.a * a + next.b * c, next.a * b + next.b * d, next.c * a + next.d * c,
				next.c * b + next.d * d, next.a * tx + next.b * ty + next.tx, next.c * tx + next.d * ty + next.ty);
		}

		Affine power(int t) {
			Affine result = new Affine(1, 0, 0, 1, 0, 0);
			for (int k = 0; k < t; k++) result = result.then(this);
			return result;
		}

		Affine inverse() {
			double det = a * d - b * c;
			double ia = d / det;
			double ib = -b / det;
			double ic = -c / det;
			double id = a / det;
			return new Affine(ia, ib, ic, id, -(ia * tx + ib * ty), -(ic * tx + id * ty));
		}
	}

	/** A sample image, RGB planar in [0, 1]. */
	private record Source(int width, int height, float[] rgb) {

		static Source read(Path path) {
			try {
				BufferedImage image = ImageIO.read(path.toFile());
				if (image == null) throw new IOException("not an image: " + path);
				int w = image.getWidth();
				int h = image.getHeight();
				float[] rgb = new float[3 * w * h];
				for (int y = 0; y < h; y++) {
					for (int x = 0; x < w; x++) {
						int argb = image.getRGB(x, y);
						for (int ch = 0; ch < 3; ch++) rgb[ch * w * h + y * w + x] = ((argb >> (16 - 8 * ch)) & 0xff) / 255f;
					}
				}
				return new Source(w, h, rgb);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		/**
		 * A frame pixel's offset from the layer's centre → source point: the centre on the image's
		 * centre, the frame's side on 80 % of the image's shorter side.
		 */
		Affine window(int size) {
			double k = WINDOW_SHARE * Math.min(width, height) / size;
			return new Affine(k, 0, 0, k, (width - 1) / 2.0, (height - 1) / 2.0);
		}

		/**
		 * The image blurred for frames of {@code size}: where a frame pixel spans k &gt; 1 image pixels, a
		 * Gaussian of σ = k/2 image pixels (an anti-aliasing filter, as a camera's optics), so that the
		 * frames sampled from it differ by their motion and not by aliasing; the image itself where
		 * frames enlarge it.
		 */
		Source prefilteredFor(int size) {
			double k = WINDOW_SHARE * Math.min(width, height) / size;
			if (k <= 1) return this;
			double sigma = k / 2;
			int r = (int) Math.ceil(3 * sigma);
			double[] kernel = new double[2 * r + 1];
			double total = 0;
			for (int i = -r; i <= r; i++) total += kernel[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
			for (int i = 0; i < kernel.length; i++) kernel[i] /= total;
			float[] rows = new float[rgb.length];
			float[] out = new float[rgb.length];
			int n = width * height;
			for (int ch = 0; ch < 3; ch++) {
				for (int y = 0; y < height; y++) {
					for (int x = 0; x < width; x++) {
						double sum = 0;
						for (int i = -r; i <= r; i++) sum += kernel[i + r] * rgb[ch * n + y * width + clamp(x + i, width)];
						rows[ch * n + y * width + x] = (float) sum;
					}
				}
				for (int y = 0; y < height; y++) {
					for (int x = 0; x < width; x++) {
						double sum = 0;
						for (int i = -r; i <= r; i++) sum += kernel[i + r] * rows[ch * n + clamp(y + i, height) * width + x];
						out[ch * n + y * width + x] = (float) sum;
					}
				}
			}
			return new Source(width, height, out);
		}

		private static int clamp(int i, int n) {
			return Math.max(0, Math.min(n - 1, i));
		}

		/** Bilinear sample of channel ch at (x, y), the border extended. */
		double sample(int ch, double x, double y) {
			x = Math.max(0, Math.min(width - 1, x));
			y = Math.max(0, Math.min(height - 1, y));
			int x1 = (int) Math.floor(x);
			int y1 = (int) Math.floor(y);
			int x2 = Math.min(x1 + 1, width - 1);
			int y2 = Math.min(y1 + 1, height - 1);
			double ax = x - x1;
			double ay = y - y1;
			int p = ch * width * height;
			double top = (1 - ax) * rgb[p + y1 * width + x1] + ax * rgb[p + y1 * width + x2];
			double bottom = (1 - ax) * rgb[p + y2 * width + x1] + ax * rgb[p + y2 * width + x2];
			return (1 - ay) * top + ay * bottom;
		}
	}

	/**
	 * Writes a sequence as {@code frame_001.png} … into a folder.
	 *
	 * @param args motion (pan, rotation, zoom, object, noise), size, frames, folder
	 */
	public static void main(String... args) throws IOException {
		if (args.length != 4) {
			System.err.println("usage: SyntheticSequence pan|rotation|zoom|object|noise size frames folder");
			System.exit(2);
		}
		Motion motion = Motion.valueOf(args[0].toUpperCase(Locale.ROOT));
		SyntheticSequence sequence = of(motion, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
		Path folder = Files.createDirectories(Paths.get(args[3]));
		int size = sequence.size();
		for (int t = 0; t < sequence.frames(); t++) {
			float[] rgb = sequence.frame(t);
			BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
			int n = size * size;
			for (int i = 0; i < n; i++) {
				int r = Math.round(rgb[i] * 255);
				int g = Math.round(rgb[n + i] * 255);
				int b = Math.round(rgb[2 * n + i] * 255);
				image.setRGB(i % size, i / size, (r << 16) | (g << 8) | b);
			}
			Path file = folder.resolve(String.format(Locale.ROOT, "frame_%03d.png", t + 1));
			AtomicFile.write(file, out -> ImageIO.write(image, "png", out));
		}
		System.out.println("wrote " + sequence.frames() + " frames of " + size + " px to " + folder);
	}
}
