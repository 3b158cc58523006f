package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** Spark's resources of a task → the device parameter, with resource maps as Spark makes them. */
class TaskDeviceTest {

	private static Map<String, ResourceInformation> gpus(String... addresses) {
		return Map.of("gpu", new ResourceInformation("gpu", addresses));
	}

	@Test
	void theAssignedGpuIsTheTasks() {
		assertEquals("gpu:1", TaskDevice.device("auto", gpus("1")));
		assertEquals("gpu:3", TaskDevice.device("gpu", gpus("3")));
		assertEquals("gpu:2", TaskDevice.device("AUTO", gpus("2", "5")), "the first of several");
		assertEquals("gpu:0", TaskDevice.device(null, gpus(" 0 ")), "no device given is auto");
	}

	@Test
	void withoutAnAssignedGpuAutoIsTheCpu() {
		assertEquals("cpu", TaskDevice.device("auto", Map.of()));
		assertEquals("cpu", TaskDevice.device("auto", gpus()), "a GPU resource with no address");
		assertEquals("cpu", TaskDevice.device("auto", Map.of("fpga", new ResourceInformation("fpga", new String[] { "0" }))));
		assertEquals("gpu:0", TaskDevice.device("gpu", Map.of()), "gpu asks for PyTorch's first GPU");
	}

	@Test
	void anExplicitDeviceStays() {
		assertEquals("cpu", TaskDevice.device("cpu", gpus("1")));
		assertEquals("gpu:4", TaskDevice.device("gpu:4", gpus("1")));
		assertEquals("gpu:4", TaskDevice.device("gpu:4", Map.of()));
	}
}
