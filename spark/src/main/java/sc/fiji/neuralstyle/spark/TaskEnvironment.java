package sc.fiji.neuralstyle.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * What a job needs to know of the task running it: where it runs, the resources Spark assigned and
 * whether Spark wants it stopped (a killed speculative copy, a cancelled application).
 */
public interface TaskEnvironment {

	/** The executor's id as Spark names it ("driver" in local mode). */
	String executor();

	/** The host name of the machine. */
	String host();

	/** The resources assigned to the task by name, e.g. "gpu"; empty without resource scheduling. */
	Map<String, ResourceInformation> resources();

	/** Whether the task should stop now. */
	boolean isInterrupted();

	/** The task this thread runs for Spark; outside a task (a test), the local machine, no resources. */
	static TaskEnvironment current() {
		TaskContext task = TaskContext.get();
		SparkEnv env = SparkEnv.get();
		String executor = env != null ? env.executorId() : "local";
		String host = hostName();
		return new TaskEnvironment() {
			@Override public String executor() { return executor; }
			@Override public String host() { return host; }
			@Override public Map<String, ResourceInformation> resources() { return task != null ? task.resourcesJMap() : Map.of(); }
			@Override public boolean isInterrupted() { return task != null && task.isInterrupted() || Thread.currentThread().isInterrupted(); }
		};
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException e) {
			return "unknown";
		}
	}
}
