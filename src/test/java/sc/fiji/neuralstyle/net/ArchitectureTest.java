package sc.fiji.neuralstyle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchitectureTest {

	@Test
	void parsesNamesIgnoringCase() {
		assertEquals(Architecture.VGG19, Architecture.parse("vgg19"));
		assertEquals(Architecture.VGG19, Architecture.parse(" VGG19 "));
		assertEquals(Architecture.VGG16, Architecture.parse("Vgg16"));
		assertEquals(Architecture.ALEXNET, Architecture.parse("alexnet"));
		assertEquals(Pooling.AVG, Pooling.parse("AVG"));
		assertEquals(Pooling.MAX, Pooling.parse("max"));
	}

	@Test
	void unknownNamesListTheChoices() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture
			.parse("resnet50"));
		assertTrue(e.getMessage().contains("resnet50") && e.getMessage().contains(
			"vgg19, vgg16, alexnet"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Pooling.parse("mean"));
		assertTrue(e.getMessage().contains("mean") && e.getMessage().contains("max, avg"), e
			.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Architecture.parse(null));
	}

	/** The layouts of torchvision's vgg19/vgg16/alexnet().features, as printed by PyTorch. */
	@Test
	void layoutsMatchTorchvision() {
		assertEquals(37, Architecture.VGG19.layers().size());
		assertEquals(31, Architecture.VGG16.layers().size());
		assertEquals(13, Architecture.ALEXNET.layers().size());
		assertEquals(new LayerSpec.Conv("conv5_4", "features.34", 512, 512, 3, 1, 1), Architecture.VGG19
			.layers().get(34).spec());
		assertEquals(new LayerSpec.Pool("pool3", 2, 2), Architecture.VGG19.layers().get(18).spec());
		assertEquals(new LayerSpec.Conv("conv4_1", "features.17", 256, 512, 3, 1, 1), Architecture.VGG16
			.layers().get(17).spec());
		assertEquals(List.of("conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3",
			"conv4", "relu4", "conv5", "relu5", "pool5"), Architecture.ALEXNET.layerNames());
		assertEquals(new LayerSpec.Conv("conv1", "features.0", 3, 64, 11, 4, 2), Architecture.ALEXNET
			.layers().get(0).spec());
		assertEquals(List.of("features.0.weight", "features.0.bias", "features.3.weight",
			"features.3.bias", "features.6.weight", "features.6.bias", "features.8.weight",
			"features.8.bias", "features.10.weight", "features.10.bias"), Architecture.ALEXNET
				.weightKeys());
		assertEquals(32, Architecture.VGG19.weightKeys().size());
		assertEquals(26, Architecture.VGG16.weightKeys().size());
	}

	/** SqueezeNet's thirteen modules; a Fire module's inner convolutions are not layers to choose. */
	@Test
	void squeezeNetLayersAreItsFeatureModules() {
		List<String> names = new ArrayList<>();
		for (int i = 0; i <= 12; i++)
			names.add("features." + i);
		assertEquals(names, Architecture.SQUEEZENET1_1.layerNames());
		assertEquals(25, Architecture.SQUEEZENET1_1.convolutions().size(), "one, then three per Fire module");
		assertEquals(50, Architecture.SQUEEZENET1_1.weightKeys().size());
		assertEquals(new LayerSpec.Conv("features.9.expand3x3", "features.9.expand3x3", 48, 192, 3, 1, 1),
			Architecture.SQUEEZENET1_1.convolutions().get(15));
		assertThrows(IllegalArgumentException.class, () -> Architecture.SQUEEZENET1_1.layerIndex("features.3.squeeze"));
	}

	/** GoogLeNet's top-level modules; convolutions carry their batch normalisation, and no bias. */
	@Test
	void googLeNetLayersAreItsTopLevelModules() {
		assertEquals(List.of("conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a", "inception3b",
			"maxpool3", "inception4a", "inception4b", "inception4c", "inception4d", "inception4e", "maxpool4",
			"inception5a", "inception5b"), Architecture.GOOGLENET.layerNames());
		// conv1..3 (a convolution and a ReLU each), 4 pools, 9 Inception modules of 6 convolutions with
		// their ReLUs, a pool and the concatenation
		assertEquals(3 * 2 + 4 + 9 * (6 * 2 + 2), Architecture.GOOGLENET.layers().size());
		List<LayerSpec.Conv> convs = Architecture.GOOGLENET.convolutions();
		assertEquals(3 + 9 * 6, convs.size());
		assertEquals(new LayerSpec.Conv("conv1.conv", "conv1.conv", 3, 64, 7, 2, 3, new LayerSpec.BatchNorm("conv1.bn",
			0.001)), convs.get(0));
		assertEquals(List.of("conv1.conv.weight", "conv1.bn.weight", "conv1.bn.bias", "conv1.bn.running_mean",
			"conv1.bn.running_var"), Architecture.GOOGLENET.weightKeys().subList(0, 5));
		assertEquals(5 * convs.size(), Architecture.GOOGLENET.weightKeys().size());
		// Each Inception module's pool-projection branch keeps max pooling under pooling=avg.
		long kept = Architecture.GOOGLENET.layers().stream().map(Layer::spec).filter(LayerSpec.Pool.class::isInstance)
			.map(LayerSpec.Pool.class::cast).filter(p -> !p.switchable()).count();
		assertEquals(9, kept);
		assertThrows(IllegalArgumentException.class, () -> Architecture.GOOGLENET.layerIndex("conv1.conv"));
		assertThrows(IllegalArgumentException.class, () -> Architecture.GOOGLENET.layerIndex("inception3a.branch1"));
	}

	@ParameterizedTest
	@EnumSource(Architecture.class)
	void defaultLayersExist(Architecture architecture) {
		for (String layer : architecture.defaultContentLayers())
			architecture.layerIndex(layer);
		double sum = 0;
		for (String entry : architecture.defaultStyleLayers()) {
			String[] nameAndWeight = entry.split(":");
			architecture.layerIndex(nameAndWeight[0]);
			sum += nameAndWeight.length > 1 ? Double.parseDouble(nameAndWeight[1]) : 1.0 / architecture
				.defaultStyleLayers().size();
		}
		assertEquals(1, sum, 1e-3, "style weights sum to 1");
	}

	@Test
	void smallestInputSides() {
		assertEquals(32, Architecture.VGG19.minInputSide("pool5"));
		assertEquals(16, Architecture.VGG19.minInputSide("relu5_1"));
		assertEquals(8, Architecture.VGG16.minInputSide("relu4_2"));
		assertEquals(1, Architecture.VGG19.minInputSide("relu1_1"));
		assertEquals(63, Architecture.ALEXNET.minInputSide("pool5"));
		assertEquals(7, Architecture.ALEXNET.minInputSide("relu1"));
		assertEquals(16, Architecture.VGG19.minInputSide(Architecture.VGG19.defaultStyleLayers()));
		// Found with torchvision (the least square input each module accepts): ceil-mode pooling
		// lets a window hang over the edge, so these networks take smaller images than floor rounding.
		assertEquals(3, Architecture.SQUEEZENET1_1.minInputSide("features.1"));
		assertEquals(5, Architecture.SQUEEZENET1_1.minInputSide("features.2"));
		assertEquals(9, Architecture.SQUEEZENET1_1.minInputSide("features.7"));
		assertEquals(17, Architecture.SQUEEZENET1_1.minInputSide("features.12"));
		assertEquals(1, Architecture.GOOGLENET.minInputSide("conv1"));
		assertEquals(3, Architecture.GOOGLENET.minInputSide("maxpool1"));
		assertEquals(7, Architecture.GOOGLENET.minInputSide("inception3b"));
		assertEquals(15, Architecture.GOOGLENET.minInputSide("maxpool3"));
		assertEquals(15, Architecture.GOOGLENET.minInputSide("inception5b"));
	}

	/** The smallest side reaches the layer, one pixel less does not. */
	@ParameterizedTest
	@EnumSource(Architecture.class)
	void smallestInputSideIsTight(Architecture architecture) {
		for (String layer : architecture.layerNames()) {
			int min = architecture.minInputSide(layer);
			assertTrue(architecture.outputSide(layer, min) >= 1, layer);
			if (min > 1) assertTrue(architecture.outputSide(layer, min - 1) < 1, layer);
		}
		List<String> names = architecture.layerNames();
		assertEquals(1, architecture.outputSide(names.get(names.size() - 1), architecture == Architecture.ALEXNET ? 67
			: 32));
	}

	@Test
	void unknownLayerListsValidNames() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Architecture.ALEXNET.layerIndex("relu4_2"));
		assertTrue(e.getMessage().contains("relu4_2") && e.getMessage().contains("alexnet") && e
			.getMessage().contains("relu1, pool1"), e.getMessage());
	}
}
