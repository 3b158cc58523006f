package sc.fiji.neuralstyle.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.neuralstyle.net.ModelDescriptor.Layer;
import sc.fiji.neuralstyle.net.ModelDescriptor.LayerType;

class ModelDescriptorTest {

	@Test
	void indexListsEveryDescriptorInModelsDirectory() throws IOException {
		Set<String> files = new TreeSet<>();
		try (Stream<Path> s = Files.list(Path.of("models"))) {
			s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
				.forEach(n -> files.add(n.substring(0, n.length() - 5)));
		}
		assertEquals(files, new TreeSet<>(ModelDescriptor.available()));
		assertEquals(Set.of("vgg19", "vgg16", "alexnet", "vgg19-caffe", "vgg16-caffe"), files);
	}

	@ParameterizedTest
	@ValueSource(strings = { "vgg19", "vgg16", "alexnet", "vgg19-caffe", "vgg16-caffe" })
	void descriptorsAreConsistent(String name) {
		ModelDescriptor d = ModelDescriptor.load(name);
		assertEquals(name, d.name());
		assertEquals(List.of(), d.problems());
		// torch.hub convention: the file name ends with the first 8 digits of its SHA-256
		assertTrue(d.file().endsWith("-" + d.sha256().substring(0, 8) + ".pth"), d.file());
		assertTrue(d.url().endsWith("/" + d.file()), d.url());
		boolean caffe = name.endsWith("-caffe");
		assertEquals(caffe ? Preprocessing.CAFFE : Preprocessing.TORCHVISION, d.preprocessing());
		assertEquals(!caffe, d.hasFullSha256());
		assertEquals(!caffe, d.size() != null);
		int channels = 3;
		for (int i = 0; i < d.layers().size(); i++) {
			Layer l = d.layers().get(i);
			assertEquals("features." + i, l.key());
			assertEquals(channels, l.channelsIn(), l.name());
			channels = l.channelsOut();
			if (l.type() == LayerType.RELU) assertEquals(0, l.kernel());
		}
		assertEquals(d.architecture().equals("alexnet") ? 256 : 512, channels);
	}

	@Test
	void vgg19HasTheLayersOfGatys() {
		ModelDescriptor d = ModelDescriptor.load("vgg19");
		assertEquals(16, d.convolutions().size());
		for (String layer : List.of("conv1_1", "relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu4_2", "relu5_1", "pool5", "conv5_4")) {
			assertNotNull(d.layer(layer), layer);
		}
		Layer conv = d.layer("conv3_2");
		assertEquals("features.12", conv.key());
		assertArrayEquals(new long[] { 256, 256, 3, 3 }, conv.weightShape());
		Layer pool = d.layer("pool4");
		assertEquals(LayerType.MAXPOOL, pool.type());
		assertEquals(2, pool.kernel());
		assertEquals(2, pool.stride());
	}

	@Test
	void vgg19WeightKeysAreThoseOfTorchvisionsStateDict() throws IOException {
		// The VGG19 fixture was saved from torchvision's vgg19().state_dict().
		Set<String> fixtureKeys = new TreeSet<>();
		try (Reader r = Files.newBufferedReader(PthReaderTest.fixture("vgg19-markers.json"))) {
			for (JsonElement m : JsonParser.parseReader(r).getAsJsonArray()) {
				String key = m.getAsJsonObject().get("key").getAsString();
				if (key.startsWith("features.")) fixtureKeys.add(key);
			}
		}
		assertEquals(fixtureKeys, new TreeSet<>(ModelDescriptor.load("vgg19").weightKeys()));
		assertEquals(fixtureKeys, new TreeSet<>(ModelDescriptor.load("vgg19-caffe").weightKeys()));
	}

	@Test
	void alexNetLayerNames() {
		List<String> names = new ArrayList<>();
		for (Layer l : ModelDescriptor.load("alexnet").layers()) names.add(l.name());
		assertEquals(List.of("conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3", "conv4",
			"relu4", "conv5", "relu5", "pool5"), names);
		Layer conv1 = ModelDescriptor.load("alexnet").layer("conv1");
		assertEquals(11, conv1.kernel());
		assertEquals(4, conv1.stride());
		assertEquals(2, conv1.padding());
	}

	@Test
	void unknownNameListsTheAvailableOnes() {
		WeightsException e = assertThrows(WeightsException.class, () -> ModelDescriptor.load("resnet50"));
		assertTrue(e.getMessage().contains("resnet50"), e.getMessage());
		assertTrue(e.getMessage().contains("vgg19, vgg16, alexnet, vgg19-caffe, vgg16-caffe"), e.getMessage());
		assertThrows(WeightsException.class, () -> ModelDescriptor.load("../pom"));
	}

	@Test
	void invalidDescriptorsSayWhatIsWrong() {
		String json = "{\"name\": \"x\", \"architecture\": \"resnet\", \"file\": \"a/b.pth\", \"sha256\": \"xyz\","
			+ " \"format\": \"pytorch-state-dict\", \"layers\": []}";
		WeightsException e = assertThrows(WeightsException.class,
			() -> ModelDescriptor.parse(new StringReader(json), "test.json"));
		for (String part : List.of("test.json", "'architecture'", "'url'", "'file'", "'sha256'", "'preprocessing'", "'layers'")) {
			assertTrue(e.getMessage().contains(part), part + " in " + e.getMessage());
		}
		WeightsException bad = assertThrows(WeightsException.class,
			() -> ModelDescriptor.parse(new StringReader("{\"preprocessing\": {\"channel_order\": \"RGB\", \"input_range\": 1,"
				+ " \"mean\": [1, 2], \"std\": [1, 1, 1]}}"), "short.json"));
		assertTrue(bad.getMessage().contains("short.json") && bad.getMessage().contains("3 mean"), bad.getMessage());
		assertThrows(WeightsException.class, () -> ModelDescriptor.parse(new StringReader("{not json"), "broken.json"));
	}

	@Test
	void checksumPrefixMatching() {
		ModelDescriptor caffe = ModelDescriptor.load("vgg19-caffe");
		assertTrue(caffe.matchesSha256("D01EB7CB" + "0".repeat(56)));
		assertFalse(caffe.matchesSha256("d01eb7cc" + "0".repeat(56)));
		ModelDescriptor full = ModelDescriptor.load("vgg19");
		assertFalse(full.matchesSha256("dcbb9e9d" + "0".repeat(56)));
		assertTrue(full.matchesSha256(full.sha256()));
	}
}
