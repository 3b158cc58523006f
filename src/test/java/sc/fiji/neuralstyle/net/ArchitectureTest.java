package sc.fiji.neuralstyle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
			.layers().get(34));
		assertEquals(new LayerSpec.Pool("pool3", 2, 2), Architecture.VGG19.layers().get(18));
		assertEquals(new LayerSpec.Conv("conv4_1", "features.17", 256, 512, 3, 1, 1), Architecture.VGG16
			.layers().get(17));
		assertEquals(List.of("conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3",
			"conv4", "relu4", "conv5", "relu5", "pool5"), Architecture.ALEXNET.layerNames());
		assertEquals(new LayerSpec.Conv("conv1", "features.0", 3, 64, 11, 4, 2), Architecture.ALEXNET
			.layers().get(0));
		assertEquals(List.of("features.0.weight", "features.0.bias", "features.3.weight",
			"features.3.bias", "features.6.weight", "features.6.bias", "features.8.weight",
			"features.8.bias", "features.10.weight", "features.10.bias"), Architecture.ALEXNET
				.weightKeys());
		assertEquals(32, Architecture.VGG19.weightKeys().size());
		assertEquals(26, Architecture.VGG16.weightKeys().size());
	}

	@ParameterizedTest
	@EnumSource(Architecture.class)
	void defaultLayersExist(Architecture architecture) {
		for (String layer : architecture.defaultContentLayers())
			architecture.layerIndex(layer);
		for (String layer : architecture.defaultStyleLayers())
			architecture.layerIndex(layer);
		assertEquals(5, architecture.defaultStyleLayers().size());
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
		assertEquals(1, architecture.outputSide(architecture.layerNames().get(architecture.layers()
			.size() - 1), architecture == Architecture.ALEXNET ? 67 : 32));
	}

	@Test
	void unknownLayerListsValidNames() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Architecture.ALEXNET.layerIndex("relu4_2"));
		assertTrue(e.getMessage().contains("relu4_2") && e.getMessage().contains("alexnet") && e
			.getMessage().contains("relu1, pool1"), e.getMessage());
	}
}
