package sc.fiji.neuralstyle.image;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import sc.fiji.neuralstyle.text.Counts;

/**
 * What of a content image gets styled, plane by plane, and how the styled planes are put back
 * together.
 * <p>
 * A content image has channels, slices (z) and frames (t). Channels: a multi-channel image is styled
 * either as the merged RGB view of its channels ({@link #MERGED}, what the user sees in composite
 * mode) or as one chosen channel (1-based). Slices and frames: either only the current one
 * ({@link Extent#CURRENT}) or all of them ({@link Extent#ALL}). The result has one channel and the
 * kept slices and frames, RGB when merged or when the content is RGB, else gray of the content's bit
 * depth.
 * <p>
 * As a {@link PlaneSequence.Source}, the planes come in the order in which each continues the
 * previous one: along time (T) when the image has several frames, else along z; never across
 * channels. A hyperstack with several slices and frames is one sequence along time per slice
 * (slice 1's frames, then slice 2's, …), each slice's first frame starting afresh. The result is
 * put back in ImageJ's order ({@link #stackIndex}). Planes are read when asked for, so a virtual
 * stack stays on disk.
 */
public final class ContentPlanes implements PlaneSequence.Source {

	/** Channel choice meaning "all channels merged into RGB as displayed". */
	public static final int MERGED = 0;

	/** Which slices and frames are styled. */
	public enum Extent {
		/** Only the slice and frame currently shown. */
		CURRENT,
		/** Every slice of every frame. */
		ALL
	}

	/**
	 * One plane to style.
	 *
	 * @param channel 1-based channel, or {@link #MERGED}
	 * @param slice 1-based z
	 * @param frame 1-based t
	 */
	public record Position(int channel, int slice, int frame) {}

	private final ImagePlus content;
	private final int channel;
	private final Extent extent;
	private final List<Position> positions;
	private final ResultType resultType;

	private ContentPlanes(ImagePlus content, int channel, Extent extent) {
		this.content = content;
		this.channel = channel;
		this.extent = extent;
		List<Position> list = new ArrayList<>();
		if (extent == Extent.ALL) {
			// Along time within each slice: a slice's frames are one sequence.
			for (int z = 1; z <= content.getNSlices(); z++) {
				for (int t = 1; t <= content.getNFrames(); t++) {
					list.add(new Position(channel, z, t));
				}
			}
		}
		else {
			list.add(new Position(channel, content.getZ(), content.getT()));
		}
		this.positions = Collections.unmodifiableList(list);
		this.resultType = channel == MERGED ? ResultType.rgb() : ResultType.ofChannel(content, channel);
	}

	/**
	 * The planes of {@code content} to style.
	 *
	 * @param channel {@link #MERGED} or a 1-based channel; ignored (may be anything valid) for images
	 *          with one channel, and for RGB images, which have no separate channels
	 * @throws IllegalArgumentException if the channel does not exist
	 */
	public static ContentPlanes of(ImagePlus content, int channel, Extent extent) {
		int channels = content.getNChannels();
		if (content.getBitDepth() == 24 && channels > 1) {
			throw new IllegalArgumentException("'" + content.getTitle() + "' is an RGB image with "
				+ channels + " channels, which cannot be styled: make it a composite first"
				+ " (Image > Color > Make Composite) or keep one channel");
		}
		if (channel < 0 || channel > channels) {
			throw new IllegalArgumentException("Channel " + channel + " does not exist: '"
				+ content.getTitle() + "' has " + Counts.of(channels, "channel")
				+ "; choose 1.." + channels + ", or " + MERGED + " for all channels merged");
		}
		// One channel, or RGB: channel 1 is the whole image.
		int c = channels == 1 ? 1 : channel;
		return new ContentPlanes(content, c, extent);
	}

	/** The planes to style, in styling order. */
	public List<Position> positions() {
		return positions;
	}

	/** The number of planes to style. */
	@Override
	public int size() {
		return positions.size();
	}

	/** {@link #floatImage}, for the sequence. */
	@Override
	public FloatImage read(int index) {
		return floatImage(index);
	}

	/** The first plane, and in a hyperstack with slices and frames the first frame of each slice. */
	@Override
	public boolean startsSequence(int index) {
		return index == 0 || content.getNFrames() > 1 && positions.get(index).frame() == 1;
	}

	/** The planes of the longest sequence (a hyperstack's frames; else all), what temporal_frames can reach back. */
	public int longestSequence() {
		int longest = 0, run = 0;
		for (int i = 0; i < size(); i++) {
			run = startsSequence(i) ? 1 : run + 1;
			longest = Math.max(longest, run);
		}
		return longest;
	}

	/**
	 * The 1-based index of plane {@code index} (styling order) in the result's stack, which has
	 * ImageJ's order (slices within frames) and one channel.
	 */
	public int stackIndex(int index) {
		if (extent == Extent.CURRENT) return 1;
		Position p = positions.get(index);
		return (p.frame() - 1) * content.getNSlices() + p.slice();
	}

	/** What one plane is called in messages: "frame" along time, "slice" along z, else "plane". */
	public String unit() {
		if (extent == Extent.ALL && content.getNFrames() > 1) return "frame";
		if (extent == Extent.ALL && content.getNSlices() > 1) return "slice";
		return "plane";
	}

	/**
	 * The indices (styling order) of the first {@code done} planes styled, sorted by their place in
	 * the result's stack: the order in which to assemble them.
	 */
	public List<Integer> inStackOrder(int done) {
		return IntStream.range(0, done).boxed().sorted(Comparator.comparingInt(this::stackIndex)).toList();
	}

	/** A styled plane as an ImageJ processor of the result type. */
	public ImageProcessor toProcessor(FloatImage styled) {
		return ResultImages.toProcessor(styled, resultType);
	}

	/** The width and height of the content's planes. */
	public int[] contentSize() {
		return new int[] { content.getWidth(), content.getHeight() };
	}

	/** The type every styled plane is written back as. */
	public ResultType resultType() {
		return resultType;
	}

	/**
	 * Plane {@code index} (0-based, in {@link #positions()} order) as the engine takes it: RGB for a
	 * merged view or an RGB image, else one gray channel through the channel's display range.
	 */
	public FloatImage floatImage(int index) {
		Position p = positions.get(index);
		if (p.channel() == MERGED) return FloatImages.rgb(MergedChannels.render(content, p.slice(), p.frame()));
		ImageProcessor ip = ImagePlusImgs.plane(content, p.channel(), p.slice(), p.frame());
		return FloatImages.of(ip, resultType.range());
	}

	/**
	 * A sentence for the dialog saying what will be styled, e.g. "12 slices will be styled one after
	 * another." or "Channel 2 of 3 will be styled.".
	 *
	 * @param eachFromPrevious whether each plane starts from the previous plane's result (said in the
	 *          sentence when there are several planes)
	 */
	public String describe(boolean eachFromPrevious) {
		return describe(eachFromPrevious, false);
	}

	/**
	 * {@link #describe(boolean)}, saying with {@code coherent} that the previous result is moved by the
	 * optical flow and the plane held to it (temporal_weight above 0).
	 */
	public String describe(boolean eachFromPrevious, boolean coherent) {
		int channels = content.getNChannels();
		int slices = content.getNSlices(), frames = content.getNFrames();
		String what;
		if (channels == 1) what = content.getBitDepth() == 24 ? "the RGB image" : "the image";
		else if (channel == MERGED) what = "the " + channels + " channels, merged in RGB as displayed,";
		else what = "channel " + channel + " of " + channels;
		StringBuilder s = new StringBuilder();
		if (size() == 1) {
			s.append(what).append(" will be styled");
			if (slices > 1 || frames > 1) s.append(" at ").append(where(positions.get(0))).append(" only");
		}
		else {
			boolean both = slices > 1 && frames > 1;
			String planes = both ? size() + " planes (" + Counts.of(slices, "slice") + " \u00d7 " + Counts.of(frames, "frame") + ")"
				: slices > 1 ? Counts.of(slices, "slice") : Counts.of(frames, "frame");
			String order = both ? "frame after frame, one sequence per slice" : "one after another";
			if (channels == 1) s.append(planes).append(" will be styled ").append(order);
			else s.append(what).append(" will be styled in ").append(planes).append(", ").append(order);
			if (eachFromPrevious) s.append(both ? ", each frame starting from the previous frame's result"
				: ", each starting from the previous result");
			if (eachFromPrevious && coherent) s.append(" moved by the optical flow and held to it (temporal_weight)");
		}
		s.append('.');
		return Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}

	private String where(Position p) {
		int slices = content.getNSlices(), frames = content.getNFrames();
		String z = "slice " + p.slice() + " of " + slices;
		String t = "frame " + p.frame() + " of " + frames;
		if (slices > 1 && frames > 1) return z + ", " + t;
		return slices > 1 ? z : t;
	}

	/**
	 * The styled planes, in {@link #positions()} order, as one new image: the result type, the kept
	 * slices and frames (a hyperstack if both are several), the content's slice labels for gray
	 * planes, and the content's calibration scaled to the result size.
	 *
	 * @throws IllegalArgumentException if the number of planes is wrong or their sizes differ
	 */
	public ImagePlus assemble(List<FloatImage> styled, String title) {
		if (styled.size() != size()) {
			throw new IllegalArgumentException("Expected " + size() + " styled planes, got " + styled.size());
		}
		int w = styled.get(0).width(), h = styled.get(0).height();
		ImageStack stack = new ImageStack(w, h);
		for (int i : inStackOrder(size())) {
			FloatImage plane = styled.get(i);
			if (plane.width() != w || plane.height() != h) {
				throw new IllegalArgumentException("Styled plane " + (i + 1) + " is " + plane.width() + "x"
					+ plane.height() + " but plane 1 is " + w + "x" + h + ": all planes must have one size");
			}
			stack.addSlice(label(i, true), toProcessor(plane));
		}
		return assemble(stack, true, title);
	}

	/**
	 * The result image of a stack of styled planes: those of {@link #inStackOrder}, labelled with
	 * {@link #label}. Complete: the kept slices and frames (a hyperstack if both are several); else
	 * a plain stack of the planes done. Both with the result type's lookup table and display range
	 * and the content's calibration scaled to the result size.
	 */
	public ImagePlus assemble(ImageStack stack, boolean complete, String title) {
		ImagePlus result = new ImagePlus(title, stack);
		if (complete) {
			int slices = extent == Extent.ALL ? content.getNSlices() : 1;
			int frames = extent == Extent.ALL ? content.getNFrames() : 1;
			result.setDimensions(1, slices, frames);
			result.setOpenAsHyperStack(slices > 1 && frames > 1);
		}
		if (!resultType.isRgb()) {
			// A stack has one LUT for all planes: the ones on the processors added are dropped.
			if (resultType.lut() != null) result.setLut(resultType.lut());
			if (resultType.bitDepth() != 8) {
				result.setDisplayRange(resultType.range().min(), resultType.range().max());
			}
		}
		ResultImages.copyCalibration(content, result);
		return result;
	}

	/**
	 * The slice label of plane {@code index} in the result: the content's for a gray channel of a
	 * complete result; "z1 t2" for a partial one, whose plain stack does not say where a plane was.
	 */
	public String label(int index, boolean complete) {
		Position p = positions.get(index);
		if (!complete) return "z" + p.slice() + " t" + p.frame();
		if (p.channel() == MERGED || content.getStackSize() == 1) return null;
		return content.getStack().getSliceLabel(content.getStackIndex(p.channel(), p.slice(), p.frame()));
	}
}
