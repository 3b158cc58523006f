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
 * Each frame is {@code size × size} RGB. The background is a window of a sample image (for most
 * motions {@code samples/coffee.png}, a central window of 80 % of its shorter side), reduced (after an
 * anti-aliasing blur) or enlarged to the frame: every size shows the same scene. Each layer moves
 * along its own path about the frame's centre: a step applied once per frame, or a translation that
 * bounces back at the edge of its room (of the sample image for a background, of the frame for an
 * object), so sequences of any length stay within their images; the first frames, before any bounce,
 * are those of a plain translation. {@link Motion#OBJECT} adds a disc cut from {@code samples/ihc.png}
 * that moves the other way, {@link Motion#BLOB} a cell that drifts over a still background and
 * brightens. Motions are given for 256 px and scale with the size. Frames are sampled bilinearly from
 * the sample images, so the true flow of every pixel is known exactly, and so is which pixels are
 * visible in two frames (inside both, and on the same layer: not covered or uncovered by an object).
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
		NOISE,
		/**
		 * A cell of {@code samples/cell.png} (a bright disc in a dark halo, 0.2 of the frame's side in
		 * radius) drifting (−0.75, 0.5) px per frame over a still background of the same image's empty
		 * part, and brightening: its contrast to the background grows from half to whole over
		 * {@value SyntheticSequence#BRIGHTENING} frames, then falls back as long, and so on, as a
		 * fluorescent cell of a time-lapse might. Brightness constancy, which optical flow assumes, fails
		 * on the cell.
		 */
		BLOB
	}

	private static final Path SAMPLES = Paths.get("samples");
	private static final double WINDOW_SHARE = 0.8;
	private static final double OBJECT_RADIUS = 0.18;
	private static final double NOISE_SIGMA = 0.04;
	/** Frames over which the blob brightens from half its contrast to all of it. */
	static final int BRIGHTENING = 24;
	/** A layer moves at most this share of its room before it bounces back. */
	private static final double ROOM_USED = 0.9;

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
		if (motion == Motion.BLOB) {
			blob(s, c);
			return;
		}
		Source background = Source.read(SAMPLES.resolve("coffee.png"));
		Affine window = background.window(size, WINDOW_SHARE, (background.width - 1) / 2.0, (background.height - 1) / 2.0);
		Trajectory path = switch (motion) {
			case PAN, NOISE -> background.bouncing(window, size, 2.5 * s, 1.5 * s);
			case ROTATION -> Trajectory.steps(Affine.about(c, c, 1, Math.toRadians(1)));
			case ZOOM -> Trajectory.steps(Affine.about(c, c, 1.01, 0));
			case OBJECT -> background.bouncing(window, size, 1.0 * s, 0.5 * s);
			case BLOB -> throw new AssertionError();
		};
		layers.add(new Layer(background.prefilteredFor(window), window, path, Double.NaN, c, c, Tone.SAME));
		if (motion == Motion.OBJECT) {
			Source object = Source.read(SAMPLES.resolve("ihc.png"));
			Affine disc = object.window(size, WINDOW_SHARE, (object.width - 1) / 2.0, (object.height - 1) / 2.0);
			double radius = OBJECT_RADIUS * size;
			double x = 0.6 * size, y = 0.4 * size;
			layers.add(new Layer(object.prefilteredFor(disc), disc, Trajectory.insideFrame(size, radius, x, y, -3 * s, 1.5 * s),
				radius, x, y, Tone.SAME));
		}
	}

	/** {@link Motion#BLOB}'s layers. */
	private void blob(double s, double c) {
		Source cells = Source.read(SAMPLES.resolve("cell.png"));
		// The empty upper left of the image, 300 px across, as the background.
		Affine window = cells.window(size, 300.0 / Math.min(cells.width, cells.height), 150, 190);
		layers.add(new Layer(cells.prefilteredFor(window), window, Trajectory.steps(Affine.translation(0, 0)), Double.NaN, c, c,
			Tone.SAME));
		// The cell at (428, 372), with its halo out to 95 px, as a disc of 0.2 of the frame's side.
		double radius = 0.2 * size;
		Affine cell = new Affine(95 / radius, 0, 0, 95 / radius, 428, 372);
		double x = 0.62 * size, y = 0.55 * size;
		double level = 0.26; // the background's grey
		layers.add(new Layer(cells.prefilteredFor(cell), cell, Trajectory.insideFrame(size, radius, x, y, -0.75 * s, 0.5 * s),
			radius, x, y, (value, t) -> level + brightness(t) * (value - level)));
	}

	/** The blob's contrast in frame t: 0.5 at frame 0, 1 at {@link #BRIGHTENING}, back to 0.5 at twice that. */
	static double brightness(int t) {
		return 0.5 + 0.5 * triangle(t, BRIGHTENING);
	}

	/** 0 at 0, rising to 1 at {@code period}, back to 0 at twice the period, and so on. */
	private static double triangle(double p, double period) {
		double m = p - 2 * period * Math.floor(p / (2 * period));
		return (m <= period ? m : 2 * period - m) / period;
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
					double value = layer.tone.apply(layer.source.sample(ch, p[0], p[1]), t);
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
	 * Whether pixel (x, y) of frame t shows a moving object (the disc of {@link Motion#OBJECT}, the cell
	 * of {@link Motion#BLOB}; false for the other motions).
	 */
	public boolean onObject(double x, double y, int t) {
		return layers.size() > 1 && layerAt(x, y, t) != layers.get(0);
	}

	/**
	 * The distance in pixels from pixel (x, y) of frame t to the nearest object's edge (inside or
	 * out); infinite where the sequence has no object.
	 */
	public double edgeDistance(double x, double y, int t) {
		double nearest = Double.POSITIVE_INFINITY;
		for (Layer layer : layers.subList(1, layers.size())) nearest = Math.min(nearest, layer.edgeDistance(x, y, t));
		return nearest;
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
	 * point) and moved along {@code path}; in frame 0 the source's centre is at (cx, cy), and the layer is
	 * a disc of {@code radius} about it, or the whole frame when the radius is NaN; {@code tone} changes
	 * its values from frame to frame.
	 */
	private record Layer(Source source, Affine base, Trajectory path, double radius, double cx, double cy, Tone tone) {

		/** Frame 0's position of pixel (x, y) of frame t. */
		double[] atStart(double x, double y, int t) {
			return path.at(t).inverse().apply(x, y);
		}

		double[] sourcePoint(double x, double y, int t) {
			double[] p = atStart(x, y, t);
			return base.apply(p[0] - cx, p[1] - cy);
		}

		double[] moved(double x, double y, int from, int to) {
			double[] p = atStart(x, y, from);
			return path.at(to).apply(p[0], p[1]);
		}

		boolean covers(double x, double y, int t) {
			if (Double.isNaN(radius)) return true;
			double[] p = atStart(x, y, t);
			double dx = p[0] - cx;
			double dy = p[1] - cy;
			return dx * dx + dy * dy <= radius * radius;
		}

		/** The distance from (x, y) of frame t to the disc's edge (objects only move, so it stays a disc). */
		double edgeDistance(double x, double y, int t) {
			double[] centre = path.at(t).apply(cx, cy);
			return Math.abs(Math.hypot(x - centre[0], y - centre[1]) - radius);
		}
	}

	/** How a layer's values change from frame to frame. */
	private interface Tone {
		Tone SAME = (value, t) -> value;

		double apply(double value, int t);
	}

	/** Where a layer is in each frame: the map from its frame-0 positions to frame t's. */
	private interface Trajectory {

		Affine at(int t);

		/** One step per frame. */
		static Trajectory steps(Affine step) {
			return t -> step.power(t);
		}

		/**
		 * A translation by (vx, vy) per frame that bounces back at the ends of [loX, hiX] × [loY, hiY]
		 * (each range holds 0), one axis at a time.
		 */
		static Trajectory bouncing(double vx, double vy, double loX, double hiX, double loY, double hiY) {
			return t -> Affine.translation(bounce(vx * t, loX, hiX), bounce(vy * t, loY, hiY));
		}

		/** A disc of {@code radius} starting at (x, y) and bouncing off the frame's edges (2 px before them). */
		static Trajectory insideFrame(int size, double radius, double x, double y, double vx, double vy) {
			double lo = radius + 2, hi = size - 1 - radius - 2;
			return bouncing(vx, vy, lo - x, hi - x, lo - y, hi - y);
		}

		/** Where a point travelling {@code travel} from 0 is, reflected at lo and hi. */
		private static double bounce(double travel, double lo, double hi) {
			double room = hi - lo;
			if (room <= 0) return 0;
			double m = (travel - lo) - 2 * room * Math.floor((travel - lo) / (2 * room));
			return lo + (m <= room ? m : 2 * room - m);
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
				// getRGB would take a gray image's values as linear light and brighten them to sRGB.
				boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
				for (int y = 0; y < h; y++) {
					for (int x = 0; x < w; x++) {
						if (gray) {
							float value = image.getRaster().getSample(x, y, 0) / 255f;
							for (int ch = 0; ch < 3; ch++) rgb[ch * w * h + y * w + x] = value;
							continue;
						}
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
		 * A frame pixel's offset from the layer's centre → source point: the centre on (x, y) of the
		 * image, the frame's side on {@code share} of the image's shorter side.
		 */
		Affine window(int size, double share, double x, double y) {
			double k = share * Math.min(width, height) / size;
			return new Affine(k, 0, 0, k, x, y);
		}

		/**
		 * A pan by (vx, vy) per frame of the window, bouncing back before the window leaves the image
		 * (at {@link #ROOM_USED} of the room on each side).
		 */
		Trajectory bouncing(Affine window, int size, double vx, double vy) {
			double k = window.a;
			double c = (size - 1) / 2.0;
			// Frame point x shows source point window.tx + k (x − c − dx): inside for every x of the frame.
			double loX = c - (width - 1 - window.tx) / k, hiX = window.tx / k - c;
			double loY = c - (height - 1 - window.ty) / k, hiY = window.ty / k - c;
			return Trajectory.bouncing(vx, vy, ROOM_USED * loX, ROOM_USED * hiX, ROOM_USED * loY, ROOM_USED * hiY);
		}

		/**
		 * The image blurred for a window that maps a frame pixel onto k image pixels: where k &gt; 1, a
		 * Gaussian of σ = k/2 image pixels (an anti-aliasing filter, as a camera's optics), so that the
		 * frames sampled from it differ by their motion and not by aliasing; the image itself where
		 * frames enlarge it.
		 */
		Source prefilteredFor(Affine window) {
			double k = window.a;
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
