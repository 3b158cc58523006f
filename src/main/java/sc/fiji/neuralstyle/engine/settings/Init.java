package sc.fiji.neuralstyle.engine.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import sc.fiji.neuralstyle.text.BadValueException;

/**
 * Where the optimisation starts: the content image, seeded noise, the style image, or an image file.
 *
 * @param kind which start
 * @param file the image file, only for {@link Kind#FILE}
 */
public record Init(Kind kind, Path file) {

	/** The kinds of start image. */
	public enum Kind {
		/** The content image itself (the default: converges fastest). */
		CONTENT,
		/** Uniform noise in [0, 1] from the run's seed, as in the paper's figures. */
		NOISE,
		/** The style image, resized to the content's size. */
		STYLE,
		/** An image file, resized to the content's size. */
		FILE
	}

	public static final Init CONTENT = new Init(Kind.CONTENT, null);
	public static final Init NOISE = new Init(Kind.NOISE, null);
	public static final Init STYLE = new Init(Kind.STYLE, null);

	public Init {
		Objects.requireNonNull(kind, "kind");
		if ((kind == Kind.FILE) != (file != null)) {
			throw new IllegalArgumentException("An image file is needed exactly when init is a file");
		}
	}

	/** An init from an image file. */
	public static Init file(Path file) {
		return new Init(Kind.FILE, file);
	}

	/**
	 * Parses {@code content}, {@code noise}, {@code style} or else the path of an image file.
	 *
	 * @throws IllegalArgumentException for an empty value
	 */
	public static Init parse(String value) {
		if (value == null || value.isBlank()) {
			throw new BadValueException("init", "empty", "use content, noise, style or the path of an image file");
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "content" -> CONTENT;
			case "noise", "random" -> NOISE;
			case "style" -> STYLE;
			default -> file(Path.of(value.trim()));
		};
	}

	@Override
	public String toString() {
		return kind == Kind.FILE ? file.toString() : kind.name().toLowerCase(Locale.ROOT);
	}
}
