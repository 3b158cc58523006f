package sc.fiji.neuralstyle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.neuralstyle.net.pth.PthReaderTest;

class ModelDescriptorTest {

	@Test
	void indexListsEveryDescriptorInModelsDirectory() throws IOException {
		Set<String> files = new TreeSet<>();
		try (Stream<Path> s = Files.list(Path.of("models"))) {
			s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
				.forEach(n -> files.add(n.substring(0, n.length() - 5)));
		}
		assertEquals(files, new TreeSet<>(ModelDescriptor.available()));
		assertEquals(Set.of("vgg19", "vgg16", "alexnet", "squeezenet1_1", "googlenet", "vgg19-caffe", "vgg16-caffe"),
			files);
	}

	@ParameterizedTest
	@ValueSource(strings = { "vgg19", "vgg16", "alexnet", "squeezenet1_1", "googlenet", "vgg19-caffe", "vgg16-caffe" })
	void descriptorsAreConsistent(String name) {
		ModelDescriptor d = ModelDescriptor.load(name);
		assertEquals(name, d.name());
		assertEquals(List.of(), d.problems());
		// torch.hub convention: the file name ends with the first 8 digits of its SHA-256
		assertTrue(d.file().endsWith("-" + d.sha256().substring(0, 8) + ".pth"), d.file());
		assertTrue(d.url().endsWith("/" + d.file()), d.url());
		assertEquals(name.replace("-caffe", ""), Architecture.parse(d.architecture()).id());
		boolean caffe = name.endsWith("-caffe");
		Preprocessing expected = caffe ? Preprocessing.CAFFE : name.equals("googlenet") ? GOOGLENET : Preprocessing.TORCHVISION;
		assertEquals(expected, d.preprocessing());
		// The full checksum and size could be found for torchvision's files, except GoogLeNet's.
		boolean prefixOnly = caffe || name.equals("googlenet");
		assertEquals(!prefixOnly, d.hasFullSha256());
		assertEquals(!prefixOnly, d.size() != null);
	}

	/**
	 * torchvision's pretrained GoogLeNet re-scales the ImageNet-normalised input (transform_input):
	 * the network sees (x − 0.5) / 0.5 of RGB in [0, 1].
	 */
	private static final Preprocessing GOOGLENET = new Preprocessing(Preprocessing.ChannelOrder.RGB, 1,
		new float[] { 0.5f, 0.5f, 0.5f }, new float[] { 0.5f, 0.5f, 0.5f });

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
		assertEquals(fixtureKeys, new TreeSet<>(Architecture.parse(ModelDescriptor.load("vgg19").architecture()).weightKeys()));
		assertEquals(fixtureKeys, new TreeSet<>(Architecture.parse(ModelDescriptor.load("vgg19-caffe").architecture())
			.weightKeys()));
	}

	@Test
	void unknownNameListsTheAvailableOnes() {
		WeightsException e = assertThrows(WeightsException.class, () -> ModelDescriptor.load("resnet50"));
		assertTrue(e.getMessage().contains("resnet50"), e.getMessage());
		assertTrue(e.getMessage().contains("vgg19, vgg16, alexnet, squeezenet1_1, googlenet, vgg19-caffe, vgg16-caffe"),
			e.getMessage());
		assertThrows(WeightsException.class, () -> ModelDescriptor.load("../pom"));
	}

	@Test
	void invalidDescriptorsSayWhatIsWrong() {
		String json = "{\"name\": \"x\", \"architecture\": \"resnet\", \"file\": \"a/b.pth\", \"sha256\": \"xyz\","
			+ " \"format\": \"pytorch-state-dict\"}";
		WeightsException e = assertThrows(WeightsException.class,
			() -> ModelDescriptor.parse(new StringReader(json), "test.json"));
		for (String part : List.of("test.json", "'architecture'", "googlenet", "'url'", "'file'", "'sha256'", "'preprocessing'")) {
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
