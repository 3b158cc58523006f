package sc.fiji.neuralstyle.fiji.run;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

import sc.fiji.neuralstyle.styling.StyleEngine;

/**
 * The {@link StyleEngine} of a SciJava context (Fiji's): its networks are loaded by the first Neural
 * Style run that needs one, kept for the next runs (each image of {@code Style_Folder.ijm}, the runs of
 * one session), and freed when the context is disposed (Fiji quits). Both Fiji fronts use it, the
 * SciJava command through its parameter, the ImageJ1 plugin through {@link FijiEngines}. Making it
 * costs nothing: no network, nor PyTorch, is loaded before a run asks.
 */
@Plugin(type = Service.class)
public class StyleEngineService extends AbstractService implements SciJavaService {

	private StyleEngine engine;

	@Override
	public void initialize() {
		engine = new StyleEngine();
		FijiEngines.register(engine);
	}

	/** The context's engine. */
	public StyleEngine engine() {
		return engine;
	}

	@Override
	public void dispose() {
		if (engine == null) return;
		FijiEngines.unregister(engine);
		engine.close();
	}
}
