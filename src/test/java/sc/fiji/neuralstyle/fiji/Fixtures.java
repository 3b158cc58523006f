package sc.fiji.neuralstyle.fiji;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.ParamValues;

/** Tiny seeded images and settings for the Fiji front's tests. */
public final class Fixtures {

	private Fixtures() {}

	/** Windows must never open in tests, even where a display exists. */
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
		if (System.getProperty("OPT_OUT_TRACKING") == null) System.setProperty("OPT_OUT_TRACKING", "true");
		if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
	}

	/** The seeded float16 AlexNet (torchvision layout) of the test resources. */
	public static Path weights() {
		URL url = Fixtures.class.getResource("/fixtures/models/alexnet-seeded-f16.pth");
		if (url == null) throw new IllegalStateException("test weights missing: src/test/resources/fixtures/models/alexnet-seeded-f16.pth");
		try {
			return Path.of(url.toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * AlexNet with the test weights, 3 iterations, output size 40 (a run takes well under a second),
	 * with other macro parameters as name/value pairs.
	 */
	public static ParamValues tiny(String... pairs) {
		Map<String, String> t = new LinkedHashMap<>();
		t.put("content", "content");
		t.put("style", "style");
		t.put("network", "alexnet");
		t.put("weights", weights().toString());
		t.put("iterations", "3");
		t.put("size", "40");
		for (int i = 0; i < pairs.length; i += 2) t.put(pairs[i], pairs[i + 1]);
		return ParamValues.parse(t, Front.MACRO);
	}

	/** Smooth random colours: a few random blobs, so that the images have structure at every layer. */
	public static ColorProcessor rgbPlane(int w, int h, long seed) {
		Random random = new Random(seed);
		double[][] centres = new double[6][];
		for (int i = 0; i < centres.length; i++) {
			centres[i] = new double[] { random.nextDouble() * w, random.nextDouble() * h, 4 + random.nextDouble() * 10,
				random.nextInt(256), random.nextInt(256), random.nextInt(256) };
		}
		int[] pixels = new int[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double r = 30, g = 30, b = 30;
				for (double[] c : centres) {
					double d2 = ((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1])) / (c[2] * c[2]);
					double k = Math.exp(-d2);
					r += k * c[3];
					g += k * c[4];
					b += k * c[5];
				}
				int noise = random.nextInt(9) - 4;
				pixels[y * w + x] = clamp(r + noise) << 16 | clamp(g + noise) << 8 | clamp(b + noise);
			}
		}
		return new ColorProcessor(w, h, pixels);
	}

	private static int clamp(double v) {
		return (int) Math.max(0, Math.min(255, Math.round(v)));
	}

	public static ImagePlus rgb(String title, int w, int h, long seed) {
		return new ImagePlus(title, rgbPlane(w, h, seed));
	}

	/** A 16-bit image with values in about [1000, 3000] and that display range. */
	public static ImagePlus gray16(String title, int w, int h, long seed) {
		ColorProcessor rgb = rgbPlane(w, h, seed);
		short[] pixels = new short[w * h];
		for (int i = 0; i < pixels.length; i++) {
			int c = rgb.get(i);
			int lum = ((c >> 16 & 0xff) + (c >> 8 & 0xff) + (c & 0xff)) / 3;
			pixels[i] = (short) (1000 + lum * 2000 / 255);
		}
		ShortProcessor ip = new ShortProcessor(w, h, pixels, null);
		ip.setMinAndMax(1000, 3000);
		return new ImagePlus(title, ip);
	}

	/** A stack of {@code n} identical RGB slices. */
	public static ImagePlus rgbStack(String title, int w, int h, int n, long seed) {
		ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < n; i++) stack.addSlice("slice" + (i + 1), rgbPlane(w, h, seed));
		return new ImagePlus(title, stack);
	}
}
