package sc.fiji.neuralstyle.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** Reads the {@code .npz} fixtures from the test class path. */
public final class Npz {

	private Npz() {}

	/**
	 * Loads every array of a {@code .npz} resource into the manager, by the name it has in the file
	 * (without {@code .npy}), e.g. {@code load(manager, "/fixtures/losses/vgg19_losses.npz")}.
	 */
	public static Map<String, NDArray> load(NDManager manager, String resource) {
		try (InputStream in = Npz.class.getResourceAsStream(resource)) {
			if (in == null) throw new IllegalArgumentException("No test resource " + resource);
			NDList list = NDList.decode(manager, in.readAllBytes());
			Map<String, NDArray> arrays = new LinkedHashMap<>();
			for (NDArray array : list)
				arrays.put(array.getName(), array);
			return arrays;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
