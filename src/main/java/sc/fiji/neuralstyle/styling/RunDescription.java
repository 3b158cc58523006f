package sc.fiji.neuralstyle.styling;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import sc.fiji.neuralstyle.engine.objective.TermTable;
import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.NetworkChoice;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.settings.TemporalFrames;

/**
 * One run, described in resolved, typed values: what the checks ({@code params.Preflight.describe})
 * make once from a front's values when every rule holds, and what the entry ({@link StyleEngine#run})
 * runs. From here on nothing is parsed from text and nothing is looked up by name: the network is its
 * descriptor and architecture, the layers are the ones the run uses (the network's defaults put in
 * where none were given), the device is typed.
 *
 * @param settings the engine's settings: network resolved ({@link NetworkChoice}), layers resolved (never
 *          null), device typed
 * @param model the fast-style model file the planes are styled with, or null to optimise
 * @param planes how many planes the run styles (1 for a single image)
 * @param temporal whether the planes are a sequence held together by temporal coherence (a temporal
 *          weight above 0 and more than one plane: {@link StyleSettings#holdsPlanesTogether})
 * @param reads the files the run reads (content, style images, masks, init, weights, model; none for
 *          images that are open in Fiji)
 * @param writes the files the run writes (output, loss log, previews, …), for the fronts that write files
 */
public record RunDescription(StyleSettings settings, Path model, int planes, boolean temporal, List<Path> reads,
	List<Path> writes)
{
	public RunDescription {
		Objects.requireNonNull(settings, "settings");
		if (settings.contentLayers() == null || settings.styleLayers() == null) {
			throw new IllegalArgumentException("the layers are resolved: the network's defaults where none were given");
		}
		if (planes < 1) throw new IllegalArgumentException(planes + " planes");
		reads = List.copyOf(reads);
		writes = List.copyOf(writes);
	}

	/**
	 * The description of settings whose rules hold, for {@code planes} planes: the layers resolved on
	 * the settings' network, whether coherence acts decided by its one rule.
	 */
	public static RunDescription of(StyleSettings settings, Path model, int planes, List<Path> reads, List<Path> writes) {
		StyleSettings resolved = settings.toBuilder().contentLayers(settings.contentLayersUsed())
			.styleLayers(settings.styleLayersUsed()).build();
		return new RunDescription(resolved, model, planes, model == null && settings.holdsPlanesTogether(planes), reads,
			writes);
	}

	/** The feature network: descriptor and architecture. */
	public NetworkChoice network() {
		return settings.network();
	}

	/** The content layers with their weights. */
	public LayerWeights contentLayers() {
		return settings.contentLayers();
	}

	/** The style layers with their weights. */
	public LayerWeights styleLayers() {
		return settings.styleLayers();
	}

	/** Where the run computes. */
	public ComputeDevice device() {
		return settings.device();
	}

	/** The earlier planes the temporal term looks at (when {@link #temporal()}). */
	public TemporalFrames temporalFrames() {
		return settings.temporalFrames();
	}

	/** The loss terms of the optimisation, in the loss log's order; none with a fast-style model. */
	public List<TermTable.Column> terms() {
		if (model != null) return List.of();
		return TermTable.all().stream()
			.filter(c -> c.weight().applyAsDouble(settings) > 0 && (temporal || !c.planesOnly())).toList();
	}
}
