package sc.fiji.neuralstyle.engine.plan;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How much memory a run on the CPU may use now, and where that figure comes from. The engine and
 * the parameter checks ask it before a run ({@link MemoryPlanner}); tests give a fixed one, so that
 * nothing they assert depends on the machine's free memory.
 * <p>
 * {@code SystemMemory.ofThisMachine()} reads the operating system: the limit of the process's control group
 * where one applies (Docker, Kubernetes, YARN, Slurm), else {@code MemAvailable}.
 */
public interface MemoryProbe {

	/**
	 * A reading.
	 *
	 * @param bytes the memory a run may take, native and Java together
	 * @param source where the figure comes from, e.g. "the cgroup v2 limit of /sys/fs/cgroup/job.slice
	 *          (memory.max 8.0 GiB, 1.2 GiB in use)" or "MemAvailable in /proc/meminfo"
	 * @param heapBytes the most Java's heap may grow to (-Xmx), which the Java side's images must fit;
	 *          PyTorch's memory is outside it
	 */
	record Reading(long bytes, String source, long heapBytes) {

		/** One line for people, e.g. "7.6 GiB (the cgroup v2 limit of …); Java heap at most 4.0 GiB". */
		public String describe() {
			return gib(bytes) + " (" + source + ")" + (heapBytes == Long.MAX_VALUE ? "" : "; Java heap at most "
				+ gib(heapBytes));
		}

		static String gib(long bytes) {
			return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
		}
	}

	/** The memory a run on the CPU may use now. */
	Reading available();

	/**
	 * Frees memory held for later runs (feature networks cached but not in use), for a run that does
	 * not fit otherwise; the caller then reads {@link #available()} again.
	 *
	 * @return whether anything was freed
	 */
	default boolean release() {
		return false;
	}

	/**
	 * A run's memory check, done once more after memory held for later runs is freed when the run does
	 * not fit: the one place of the rule "free idle networks before refusing a run" (the parameter
	 * checks' and the engine's plan).
	 *
	 * @param check the run's problem if it does not fit the memory there is now (it reads the memory itself)
	 * @return the problem left after the release, if any
	 */
	default <P> Optional<P> checkFreeingIdle(Supplier<Optional<P>> check) {
		Optional<P> problem = check.get();
		return problem.isPresent() && release() ? check.get() : problem;
	}

	/** This probe's figures, with {@code release} doing {@code release} (e.g. freeing cached networks). */
	default MemoryProbe releasing(java.util.function.BooleanSupplier release) {
		MemoryProbe probe = this;
		return new MemoryProbe() {
			@Override
			public Reading available() {
				return probe.available();
			}

			@Override
			public boolean release() {
				boolean freed = probe.release();
				return release.getAsBoolean() || freed;
			}
		};
	}
}
