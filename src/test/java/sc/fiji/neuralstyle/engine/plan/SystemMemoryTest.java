package sc.fiji.neuralstyle.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system's memory probe on fake file trees laid out as Linux shows them inside Docker,
 * Kubernetes, Slurm and YARN: {@code proc/meminfo}, {@code proc/self/cgroup},
 * {@code proc/self/mountinfo} and the cgroup folders under {@code sys/fs/cgroup}.
 */
class SystemMemoryTest {

	private static final long GIB = 1L << 30;
	private static final long HEAP = 4 * GIB;

	@TempDir
	Path root;

	private void write(String file, String text) throws IOException {
		Path p = root.resolve(file);
		Files.createDirectories(p.getParent());
		Files.writeString(p, text);
	}

	private void meminfo(long availableBytes) throws IOException {
		write("proc/meminfo", "MemTotal:       65799808 kB\nMemFree:         1000000 kB\nMemAvailable:   "
			+ availableBytes / 1024 + " kB\nBuffers:          100000 kB\n");
	}

	private MemoryProbe.Reading read() {
		return new SystemMemory(root, () -> HEAP).available();
	}

	@Test
	void withoutAControlGroupLimitMemAvailableCounts() throws IOException {
		meminfo(20 * GIB);
		MemoryProbe.Reading r = read();
		assertEquals(20 * GIB, r.bytes());
		assertEquals("MemAvailable in /proc/meminfo", r.source());
		assertEquals(HEAP, r.heapBytes());
		assertEquals("20.0 GiB (MemAvailable in /proc/meminfo); Java heap at most 4.0 GiB", r.describe());
	}

	/**
	 * Docker or Kubernetes with cgroup v2 and a private cgroup namespace: the container's group is
	 * the root of the mount. Reclaimable page cache (inactive_file) is not counted as in use.
	 */
	@Test
	void aContainersCgroupV2LimitBindsBelowMemAvailable() throws IOException {
		meminfo(20 * GIB);
		write("proc/self/cgroup", "0::/\n");
		write("proc/self/mountinfo", "22 28 0:21 / /proc rw,nosuid - proc proc rw\n"
			+ "29 28 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate\n");
		write("sys/fs/cgroup/memory.max", Long.toString(2 * GIB) + "\n");
		write("sys/fs/cgroup/memory.current", Long.toString(3 * GIB / 2) + "\n");
		write("sys/fs/cgroup/memory.stat", "anon 536870912\nfile 1073741824\ninactive_file " + GIB / 2 + "\nactive_file 0\n");
		MemoryProbe.Reading r = read();
		assertEquals(GIB, r.bytes(), "2 GiB less 1.5 GiB in use, of which 0.5 GiB reclaimable cache");
		assertEquals("the cgroup v2 limit of /sys/fs/cgroup (memory.max 2.0 GiB, 1.0 GiB in use)", r.source());
	}

	/**
	 * A Slurm job step (cgroup v2, the host's namespace): the group's path is below the mount, the
	 * limit is on the job's level, the step's own says {@code max}; a parent's limit binds.
	 */
	@Test
	void aParentGroupsLimitBindsItsChildren() throws IOException {
		meminfo(200 * GIB);
		write("proc/self/cgroup", "0::/system.slice/slurmstepd.scope/job_42/step_0/user/task_0\n");
		write("proc/self/mountinfo", "29 28 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n");
		String job = "sys/fs/cgroup/system.slice/slurmstepd.scope/job_42/";
		write(job + "memory.max", Long.toString(8 * GIB));
		write(job + "memory.current", Long.toString(3 * GIB));
		write(job + "step_0/memory.max", "max\n");
		write(job + "step_0/memory.current", Long.toString(GIB));
		write(job + "step_0/user/task_0/memory.max", "max\n");
		write(job + "step_0/user/task_0/memory.current", Long.toString(GIB));
		write("sys/fs/cgroup/system.slice/memory.max", "max\n");
		write("sys/fs/cgroup/system.slice/memory.current", Long.toString(50 * GIB));
		MemoryProbe.Reading r = read();
		assertEquals(5 * GIB, r.bytes(), "the job's 8 GiB less the 3 GiB its steps use");
		assertTrue(r.source().startsWith("the cgroup v2 limit of /sys/fs/cgroup/system.slice/slurmstepd.scope/job_42 "),
			r.source());
	}

	/** memory.high, past which the kernel throttles and reclaims, binds when it is below memory.max. */
	@Test
	void memoryHighBindsBelowMemoryMax() throws IOException {
		meminfo(20 * GIB);
		write("proc/self/cgroup", "0::/kubepods/pod1/ctr\n");
		write("proc/self/mountinfo", "29 28 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
		write("sys/fs/cgroup/kubepods/pod1/ctr/memory.max", Long.toString(4 * GIB));
		write("sys/fs/cgroup/kubepods/pod1/ctr/memory.high", Long.toString(3 * GIB));
		write("sys/fs/cgroup/kubepods/pod1/ctr/memory.current", Long.toString(GIB));
		MemoryProbe.Reading r = read();
		assertEquals(2 * GIB, r.bytes());
		assertTrue(r.source().contains("(memory.high 3.0 GiB, 1.0 GiB in use)"), r.source());
	}

	/**
	 * cgroup v1 (YARN's container executor, Docker on older hosts) where the container's group is
	 * mounted as the root of the memory hierarchy: the group's path equals the mount's root.
	 */
	@Test
	void aCgroupV1LimitCounts() throws IOException {
		meminfo(20 * GIB);
		write("proc/self/cgroup", "12:pids:/docker/abc\n4:memory:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n");
		write("proc/self/mountinfo", "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"
			+ "35 31 0:32 /docker/abc /sys/fs/cgroup/memory ro,nosuid master:16 - cgroup cgroup rw,memory\n"
			+ "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n");
		write("sys/fs/cgroup/memory/memory.limit_in_bytes", Long.toString(3 * GIB));
		write("sys/fs/cgroup/memory/memory.usage_in_bytes", Long.toString(2 * GIB));
		write("sys/fs/cgroup/memory/memory.stat", "cache 100\ntotal_cache 100\ntotal_inactive_file " + GIB + "\n");
		MemoryProbe.Reading r = read();
		assertEquals(2 * GIB, r.bytes(), "3 GiB less 1 GiB in use (2 GiB less 1 GiB of inactive cache)");
		assertEquals("the cgroup v1 limit of /sys/fs/cgroup/memory (memory.limit_in_bytes 3.0 GiB, 1.0 GiB in use)",
			r.source());
	}

	/** cgroup v1 without a limit writes Long.MAX_VALUE rounded down to a page: no limit. */
	@Test
	void anUnlimitedGroupLeavesMemAvailable() throws IOException {
		meminfo(7 * GIB);
		write("proc/self/cgroup", "4:memory:/process_api/ef73\n0::/\n");
		write("proc/self/mountinfo", "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n");
		write("sys/fs/cgroup/memory/process_api/ef73/memory.limit_in_bytes", "9223372036854771712\n");
		write("sys/fs/cgroup/memory/process_api/ef73/memory.usage_in_bytes", Long.toString(5 * GIB));
		write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
		write("sys/fs/cgroup/memory/memory.usage_in_bytes", Long.toString(9 * GIB));
		MemoryProbe.Reading r = read();
		assertEquals(7 * GIB, r.bytes());
		assertEquals("MemAvailable in /proc/meminfo", r.source());
	}

	/** A generous limit on a machine short of memory: MemAvailable is the smaller, and says so. */
	@Test
	void memAvailableBindsWhenItIsTheSmaller() throws IOException {
		meminfo(GIB);
		write("proc/self/cgroup", "0::/\n");
		write("proc/self/mountinfo", "29 28 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
		write("sys/fs/cgroup/memory.max", Long.toString(16 * GIB));
		write("sys/fs/cgroup/memory.current", Long.toString(GIB));
		MemoryProbe.Reading r = read();
		assertEquals(GIB, r.bytes());
		assertEquals("MemAvailable in /proc/meminfo, less than what the cgroup v2 limit of /sys/fs/cgroup (memory.max "
			+ "16.0 GiB, 1.0 GiB in use) leaves", r.source());
	}

	/** Mount points with spaces are written with octal escapes in mountinfo. */
	@Test
	void escapedMountPointsAreRead() throws IOException {
		meminfo(20 * GIB);
		write("proc/self/cgroup", "0::/\n");
		write("proc/self/mountinfo", "29 28 0:26 / /cg\\040root rw - cgroup2 cgroup2 rw\n");
		write("cg root/memory.max", Long.toString(2 * GIB));
		write("cg root/memory.current", "0");
		assertEquals(2 * GIB, read().bytes());
	}

	@Test
	void relativePathsFollowTheJdksRule() {
		assertEquals("/a/b", SystemMemory.relative("/", "/a/b"));
		assertEquals("/", SystemMemory.relative("/a/b", "/a/b"));
		assertEquals("/c", SystemMemory.relative("/a/b", "/a/b/c"));
		assertEquals("/", SystemMemory.relative("/x", "/a/b"));
	}

	@Test
	void thisMachinesProbeReadsSomething() {
		MemoryProbe.Reading r = SystemMemory.ofThisMachine().available();
		assertTrue(r.bytes() > 0, r.describe());
		assertEquals(Runtime.getRuntime().maxMemory(), r.heapBytes());
	}
}
