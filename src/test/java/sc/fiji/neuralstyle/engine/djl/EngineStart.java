package sc.fiji.neuralstyle.engine.djl;

import ai.djl.engine.Engine;

/** For {@link DjlSetupTest}, in a JVM of its own: starts the engine as every front does and says how many GPUs it sees. */
public final class EngineStart {

	private EngineStart() {}

	public static void main(String[] args) {
		Engine engine = DjlSetup.pytorch();
		System.out.println("GPUS " + engine.getGpuCount());
	}
}
