package sc.fiji.neuralstyle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.net.pth.PthReaderTest;
import sc.fiji.neuralstyle.net.pth.PthReader;
import sc.fiji.neuralstyle.net.pth.TensorData;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;

/**
 * Files laid out as torchvision's published SqueezeNet 1.1 and GoogLeNet weights (the whole model,
 * in the file's layout; all zeros but one marker per tensor the network reads, see
 * scripts/make_light_pth_fixtures.py): the reader finds every tensor the architecture names, each
 * with its marker, and a feature network builds from them and runs.
 */
class LightNetworkFilesTest {

	@TempDir
	Path tmp;

	@ParameterizedTest
	@CsvSource({ "SQUEEZENET1_1, squeezenet1_1-markers-zip.pth.gz, 52", "GOOGLENET, googlenet-markers-legacy.pth.gz, 305" })
	void featureTensorsLoadFromTheFullModel(Architecture architecture, String fixture, int floatTensorsInFile)
		throws IOException
	{
		Path file = tmp.resolve(fixture.replace(".gz", ""));
		try (InputStream in = new GZIPInputStream(Files.newInputStream(PthReaderTest.fixture(fixture)))) {
			Files.copy(in, file);
		}
		// The whole model: the classifier (and GoogLeNet's auxiliary heads) are there too.
		assertEquals(floatTensorsInFile, PthReader.read(file, key -> !key.endsWith("num_batches_tracked")).size());

		List<String> keys = architecture.weightKeys();
		Map<String, TensorData> tensors = PthReader.read(file, keys);
		assertEquals(keys, List.copyOf(tensors.keySet()), "every key, in torchvision's order");
		for (int i = 0; i < keys.size(); i++)
			assertEquals(i + 0.5f, tensors.get(keys.get(i)).values()[0], keys.get(i));

		try (NDManager manager = NDManager.newBaseManager(); FeatureNetwork net = FeatureNetwork.create(architecture,
			Pooling.MAX, tensors, file.toString(), manager))
		{
			NDArray image = manager.zeros(new Shape(1, 3, 32, 32));
			List<String> last = List.of(architecture.layerNames().get(architecture.layerNames().size() - 1));
			assertEquals(1, net.forward(image, last).size());
		}
	}
}
