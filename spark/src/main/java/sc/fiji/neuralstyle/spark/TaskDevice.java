package sc.fiji.neuralstyle.spark;

import java.util.Map;

import org.apache.spark.resource.ResourceInformation;

import sc.fiji.neuralstyle.engine.settings.ComputeDevice;

/**
 * The device a task computes on, from the {@code device} parameter and the resources Spark assigned
 * to the task ({@code TaskContext.resourcesJMap()}, filled when the cluster schedules GPUs with
 * {@code spark.executor.resource.gpu.amount} and {@code spark.task.resource.gpu.amount}):
 * <ul>
 * <li>{@code auto} (the default) and {@code gpu}: the task's first assigned GPU, {@code gpu:N} with N
 * its address; with no GPU assigned, auto is the CPU (Spark did not give this task a GPU, and tasks
 * sharing an unassigned GPU would crowd it) and gpu is PyTorch's first GPU;</li>
 * <li>{@code cpu} and an explicit {@code gpu:N}: as given.</li>
 * </ul>
 * Spark's addresses are the ones its GPU discovery script reports, CUDA device numbers as
 * {@code nvidia-smi} lists them (Spark's example script {@code getGpusResources.sh}).
 */
public final class TaskDevice {

	/** The resource name Spark's GPU scheduling uses. */
	public static final String GPU = "gpu";

	private TaskDevice() {}

	/**
	 * The device for one task.
	 *
	 * @param requested the {@code device} parameter
	 * @param resources what Spark assigned to the task, by resource name (empty without resource scheduling)
	 * @return cpu or gpu:N
	 */
	public static ComputeDevice device(ComputeDevice requested, Map<String, ResourceInformation> resources) {
		if (requested.kind() == ComputeDevice.Kind.CPU || requested.kind() == ComputeDevice.Kind.GPU) return requested;
		ResourceInformation gpus = resources == null ? null : resources.get(GPU);
		// Spark's address of a GPU is its CUDA number, as its discovery script wrote it.
		if (gpus != null && gpus.addresses().length > 0) return ComputeDevice.gpu(Integer.parseInt(gpus.addresses()[0].strip()));
		return requested.kind() == ComputeDevice.Kind.FIRST_GPU ? ComputeDevice.gpu(0) : ComputeDevice.CPU;
	}
}
