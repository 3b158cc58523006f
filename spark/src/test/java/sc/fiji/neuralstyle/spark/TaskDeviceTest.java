package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** Spark's resources of a task → the device parameter, with resource maps as Spark makes them. */
class TaskDeviceTest {

	private static Map<String, ResourceInformation> gpus(String... addresses) {
		return Map.of("gpu", new ResourceInformation("gpu", addresses));
	}

	@Test
	void theAssignedGpuIsTheTasks() {
		assertEquals(ComputeDevice.parse("gpu:1"), TaskDevice.device(ComputeDevice.parse("auto"), gpus("1")));
		assertEquals(ComputeDevice.parse("gpu:3"), TaskDevice.device(ComputeDevice.parse("gpu"), gpus("3")));
		assertEquals(ComputeDevice.parse("gpu:2"), TaskDevice.device(ComputeDevice.parse("AUTO"), gpus("2", "5")), "the first of several");
		assertEquals(ComputeDevice.parse("gpu:0"), TaskDevice.device(ComputeDevice.AUTO, gpus(" 0 ")), "no device given is auto");
	}

	@Test
	void withoutAnAssignedGpuAutoIsTheCpu() {
		assertEquals(ComputeDevice.parse("cpu"), TaskDevice.device(ComputeDevice.parse("auto"), Map.of()));
		assertEquals(ComputeDevice.parse("cpu"), TaskDevice.device(ComputeDevice.parse("auto"), gpus()), "a GPU resource with no address");
		assertEquals(ComputeDevice.parse("cpu"), TaskDevice.device(ComputeDevice.parse("auto"), Map.of("fpga", new ResourceInformation("fpga", new String[] { "0" }))));
		assertEquals(ComputeDevice.parse("gpu:0"), TaskDevice.device(ComputeDevice.parse("gpu"), Map.of()), "gpu asks for PyTorch's first GPU");
	}

	@Test
	void anExplicitDeviceStays() {
		assertEquals(ComputeDevice.parse("cpu"), TaskDevice.device(ComputeDevice.parse("cpu"), gpus("1")));
		assertEquals(ComputeDevice.parse("gpu:4"), TaskDevice.device(ComputeDevice.parse("gpu:4"), gpus("1")));
		assertEquals(ComputeDevice.parse("gpu:4"), TaskDevice.device(ComputeDevice.parse("gpu:4"), Map.of()));
	}
}
