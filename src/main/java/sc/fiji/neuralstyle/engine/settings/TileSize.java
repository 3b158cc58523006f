package sc.fiji.neuralstyle.engine.settings;

import java.util.Locale;

import sc.fiji.neuralstyle.text.BadValueException;

/**
 * The {@code tile_size} parameter: evaluate the whole image in one pass ({@link #WHOLE}, written
 * {@code 0}), in tiles of a given side in pixels, or in the largest tiles that fit the memory free
 * when the run starts ({@link #AUTO}, written {@code auto}). Tiles change only how the loss is
 * evaluated, not the result: see {@code MemoryPlanner} and docs/large-images.md.
 *
 * @param pixels the side of a tile's core in pixels (at least {@link #MIN_PIXELS}), 0 for the whole
 *          image, -1 for auto
 */
public record TileSize(int pixels) {

	/** One pass over the whole image (the default). */
	public static final TileSize WHOLE = new TileSize(0);
	/** The largest tiles that fit the free memory, chosen when the run starts. */
	public static final TileSize AUTO = new TileSize(-1);
	/**
	 * The smallest tile. Every tile also carries a margin of context on each side (80 px for VGG's
	 * default layers), so smaller tiles would spend most of the time on the margins.
	 */
	public static final int MIN_PIXELS = 64;

	public TileSize {
		if (pixels != 0 && pixels != -1 && pixels < MIN_PIXELS) {
			throw new BadValueException("tile_size", pixels + " is not 0, auto or a side of at least " + MIN_PIXELS + " px",
				"use 0 (whole image), auto, or a larger tile");
		}
	}

	/** A tile of the given side, {@code 0} for the whole image. */
	public static TileSize of(int pixels) {
		return pixels == 0 ? WHOLE : new TileSize(pixels);
	}

	/**
	 * Parses {@code 0}, {@code auto} or a side in pixels.
	 *
	 * @throws IllegalArgumentException naming tile_size and the accepted forms
	 */
	public static TileSize parse(String text) {
		String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (t.equals("auto")) return AUTO;
		try {
			int pixels = Integer.parseInt(t);
			if (pixels >= 0) return of(pixels);
		}
		catch (NumberFormatException e) {
			// explained below
		}
		throw new BadValueException("tile_size", "'" + text + "' is not 0, auto or a side in pixels (at least " + MIN_PIXELS
			+ ")", "use 0 for the whole image, auto to fit the free memory, or e.g. 1024");
	}

	/** Whether the whole image is evaluated in one pass. */
	public boolean isWhole() {
		return pixels == 0;
	}

	/** Whether the tile side is chosen from the free memory. */
	public boolean isAuto() {
		return pixels == -1;
	}

	/** The parameter's text: {@code 0}, {@code auto} or the side. */
	@Override
	public String toString() {
		return isAuto() ? "auto" : Integer.toString(pixels);
	}
}
