package sc.fiji.neuralstyle.styling;

import java.nio.file.Path;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.settings.ColorMode;
import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.djl.Devices;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.fast.ApplyMemory;
import sc.fiji.neuralstyle.fast.FastStylizer;
import sc.fiji.neuralstyle.fast.StyleModelFile;

/**
 * How a plane is styled with a trained fast-style model (Johnson et al.): one pass of the network at
 * the settings' size, in tiles that equal one pass where the whole image does not fit the memory
 * ({@link FastStylizer}). A gray content gives a gray result, as the optimisation does; with
 * {@code preserve_colors=luminance} the result keeps the content's colours. Planes are styled each on
 * its own: the model gives the same frame the same result, so it looks at no earlier plane.
 */
final class FastStep implements PlaneSequence.Step, AutoCloseable {

	private final StyleSettings settings;
	private final String modelName;
	private final NDManager manager;
	private final FastStylizer stylizer;
	private final MemoryProbe memory;

	private FastStep(StyleSettings settings, String modelName, NDManager manager, FastStylizer stylizer,
		MemoryProbe memory)
	{
		this.settings = settings;
		this.modelName = modelName;
		this.manager = manager;
		this.stylizer = stylizer;
		this.memory = memory;
	}

	/**
	 * Loads the request's model onto the settings' device.
	 *
	 * @throws sc.fiji.neuralstyle.fast.ModelFileException if the model cannot be read
	 * @throws IllegalArgumentException for a device PyTorch does not see
	 */
	static FastStep open(StyleEngine.Request request, MemoryProbe memory) {
		Engine engine = DjlSetup.pytorch();
		NDManager manager = NDManager.newBaseManager(Devices.resolve(request.settings().device(), engine), engine
			.getEngineName());
		try {
			Path model = request.run().model();
			FastStylizer stylizer = new FastStylizer(StyleModelFile.load(model, manager));
			return new FastStep(request.settings(), String.valueOf(model.getFileName()), manager, stylizer, memory);
		}
		catch (RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	@Override
	public StyleResult style(int index, FloatImage content, PlaneSequence.Earlier earlier, ProgressListener listener) {
		if (listener.isCancelled()) return new StyleResult(content, List.of(), StopReason.CANCELLED, "Cancelled.", -1);
		int[] size = Resampler.fitLongestSide(content.width(), content.height(), settings.size());
		FloatImage input = Resampler.resize(content, size[0], size[1]);
		int tile = ApplyMemory.tileFor(size[0], size[1], memory.available().bytes());
		// The checks refused what does not fit before the run; memory taken by others since is said so.
		if (tile < 0) throw new IllegalStateException("Out of memory: not even the smallest tile of the model's pass fits now");
		FloatImage styled;
		try (NDManager scope = manager.newSubManager()) {
			styled = stylizer.stylize(input, tile, scope);
		}
		if (input.channels() == 1) styled = ColorTransfer.luminance(styled);
		else if (settings.preserveColors() == ColorMode.LUMINANCE) styled = ColorTransfer.preserveColors(styled, input);
		return new StyleResult(styled, List.of(), StopReason.COMPLETED, "Styled by " + modelName + " in one pass"
			+ (tile > 0 ? " (in tiles of " + tile + " px)" : "") + ".", 0);
	}

	@Override
	public int lookBack() {
		return 0;
	}

	@Override
	public String describe() {
		return "each by one pass of " + modelName;
	}

	@Override
	public void close() {
		manager.close();
	}
}
