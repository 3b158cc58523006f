package sc.fiji.neuralstyle.engine.plan;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The memory a run may use on this machine: the least of {@code MemAvailable} and what the
 * process's control group still allows, read from a file tree rooted at {@code root} ({@code /}, or a
 * fake tree in tests).
 * <p>
 * The control group comes from {@code /proc/self/cgroup}, its folder from the matching mount in
 * {@code /proc/self/mountinfo} (the same rule as the JDK's container support: the group's path taken
 * relative to the mount's root). From that folder up to the mount point, each level's limit less its
 * use counts, and the least wins, because a parent's limit binds its children: cgroup v2
 * {@code memory.max} (and {@code memory.high}, past which the kernel throttles) less
 * {@code memory.current}; cgroup v1 {@code memory.limit_in_bytes} less {@code memory.usage_in_bytes}
 * (when the memory controller is on a v1 hierarchy, as on hybrid systems). The use counted excludes
 * the inactive page cache ({@code inactive_file} in {@code memory.stat}), which the kernel reclaims
 * before it kills anything (the figure Kubernetes calls the working set). Outside Linux: the free
 * physical memory the JVM reports.
 */
public final class SystemMemory implements MemoryProbe {

	/** Limits at or above this mean none (cgroup v1 writes Long.MAX_VALUE rounded down to a page). */
	private static final long UNLIMITED = 1L << 60;

	private final Path root;
	private final LongSupplier heap;

	/**
	 * The operating system's figure, honouring container limits (cgroup v1 and v2), read afresh at each
	 * {@link #available()}; its owner is whoever plans runs with it (an engine's network cache, a check).
	 */
	public static MemoryProbe ofThisMachine() {
		return new SystemMemory(Path.of("/"), () -> Runtime.getRuntime().maxMemory());
	}

	/**
	 * @param root the folder holding {@code proc/} and the cgroup mounts ({@code /} for the system)
	 * @param heap the Java heap's maximum
	 */
	SystemMemory(Path root, LongSupplier heap) {
		this.root = root;
		this.heap = heap;
	}

	@Override
	public Reading available() {
		long heapMax = heap.getAsLong();
		OptionalLong memAvailable = memAvailable();
		Optional<Limit> limit = cgroupLimit();
		if (limit.isPresent() && (memAvailable.isEmpty() || limit.get().free() < memAvailable.getAsLong())) {
			return new Reading(limit.get().free(), limit.get().description(), heapMax);
		}
		if (memAvailable.isPresent()) {
			return new Reading(memAvailable.getAsLong(), "MemAvailable in /proc/meminfo" + limit
				.map(l -> ", less than what " + l.description() + " leaves").orElse(""), heapMax);
		}
		var os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			return new Reading(sun.getFreeMemorySize(), "the free physical memory the JVM reports", heapMax);
		}
		return new Reading(heapMax, "the Java heap's maximum (nothing else could be read)", heapMax);
	}

	private OptionalLong memAvailable() {
		for (String line : lines("proc/meminfo")) {
			if (line.startsWith("MemAvailable:")) {
				try {
					return OptionalLong.of(Long.parseLong(line.replaceAll("\\D+", "")) * 1024);
				}
				catch (NumberFormatException e) {
					return OptionalLong.empty();
				}
			}
		}
		return OptionalLong.empty();
	}

	/**
	 * What a control group still allows.
	 *
	 * @param free the least, over the group and its parents, of limit less use
	 * @param description e.g. "the cgroup v2 limit of /sys/fs/cgroup/job (memory.max 8.0 GiB, 1.2 GiB in use)"
	 */
	record Limit(long free, String description) {}

	/** A line of /proc/self/mountinfo: the mount's root in its file system, where it is, its type and options. */
	private record Mount(String root, String point, String type, List<String> superOptions) {

		static Optional<Mount> parse(String line) {
			String[] f = line.split(" ");
			int dash = Arrays.asList(f).indexOf("-");
			if (dash < 6 || f.length < dash + 4) return Optional.empty();
			return Optional.of(new Mount(unescape(f[3]), unescape(f[4]), f[dash + 1], List.of(f[dash + 3].split(","))));
		}

		/** mountinfo writes a space as \040, a tab as \011, a backslash as \134. */
		private static String unescape(String s) {
			StringBuilder b = new StringBuilder();
			for (int i = 0; i < s.length(); i++) {
				if (s.charAt(i) == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
					b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
					i += 3;
				}
				else {
					b.append(s.charAt(i));
				}
			}
			return b.toString();
		}
	}

	/** The limit of the memory controller's group, v1 where the controller is on v1, else v2; empty if none. */
	Optional<Limit> cgroupLimit() {
		String v1 = null, v2 = null;
		for (String line : lines("proc/self/cgroup")) {
			String[] parts = line.split(":", 3);
			if (parts.length < 3) continue;
			if (parts[0].equals("0") && parts[1].isEmpty()) v2 = parts[2];
			else if (Arrays.asList(parts[1].split(",")).contains("memory")) v1 = parts[2];
		}
		List<Mount> mounts = new ArrayList<>();
		for (String line : lines("proc/self/mountinfo")) Mount.parse(line).ifPresent(mounts::add);
		if (v1 != null) {
			for (Mount m : mounts) {
				if (m.type().equals("cgroup") && m.superOptions().contains("memory")) return walk(m, v1, false);
			}
		}
		if (v2 != null) {
			for (Mount m : mounts) {
				if (m.type().equals("cgroup2")) return walk(m, v2, true);
			}
		}
		return Optional.empty();
	}

	/** From the group's folder up to the mount point: the tightest limit less use. */
	private Optional<Limit> walk(Mount mount, String group, boolean v2) {
		Path point = root.resolve(mount.point().substring(1));
		Path dir = point.resolve(relative(mount.root(), group).substring(1)).normalize();
		if (!dir.startsWith(point)) return Optional.empty();
		Limit tightest = null;
		for (Path level = dir; level != null && level.startsWith(point); level = level.getParent()) {
			Optional<Limit> l = v2 ? v2Limit(level) : v1Limit(level);
			if (l.isPresent() && (tightest == null || l.get().free() < tightest.free())) tightest = l.get();
		}
		return Optional.ofNullable(tightest);
	}

	/** The group's path below the mount: the JDK's rule for host, private and nested cgroup namespaces. */
	static String relative(String mountRoot, String group) {
		if (mountRoot.equals("/")) return group.startsWith("/") ? group : "/" + group;
		if (mountRoot.equals(group)) return "/";
		if (group.startsWith(mountRoot + "/")) return group.substring(mountRoot.length());
		return "/"; // a group outside the mount's root: the mount point is all this process can see
	}

	private Optional<Limit> v2Limit(Path level) {
		OptionalLong max = number(level.resolve("memory.max")), high = number(level.resolve("memory.high"));
		long limit = Math.min(max.orElse(Long.MAX_VALUE), high.orElse(Long.MAX_VALUE));
		OptionalLong current = number(level.resolve("memory.current"));
		if (limit >= UNLIMITED || current.isEmpty()) return Optional.empty();
		boolean byHigh = high.isPresent() && high.getAsLong() < max.orElse(Long.MAX_VALUE);
		return Optional.of(limit(level, "cgroup v2", byHigh ? "memory.high" : "memory.max", limit, current.getAsLong(),
			stat(level, "inactive_file")));
	}

	private Optional<Limit> v1Limit(Path level) {
		OptionalLong limit = number(level.resolve("memory.limit_in_bytes"));
		OptionalLong usage = number(level.resolve("memory.usage_in_bytes"));
		if (limit.isEmpty() || limit.getAsLong() >= UNLIMITED || usage.isEmpty()) return Optional.empty();
		return Optional.of(limit(level, "cgroup v1", "memory.limit_in_bytes", limit.getAsLong(), usage.getAsLong(),
			stat(level, "total_inactive_file")));
	}

	private Limit limit(Path level, String version, String file, long limit, long used, long reclaimable) {
		long inUse = Math.max(0, used - reclaimable);
		String where = "/" + root.relativize(level).toString().replace('\\', '/');
		return new Limit(Math.max(0, limit - inUse), "the " + version + " limit of " + where + " (" + file + " "
			+ Reading.gib(limit) + ", " + Reading.gib(inUse) + " in use)");
	}

	/** A number from a file that holds one ("max" and anything unreadable: none). */
	private static OptionalLong number(Path file) {
		try {
			String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
			return s.matches("\\d{1,19}") ? OptionalLong.of(Long.parseLong(s)) : OptionalLong.empty();
		}
		catch (IOException | NumberFormatException e) {
			return OptionalLong.empty();
		}
	}

	/** A field of the level's memory.stat, 0 if it has none. */
	private static long stat(Path level, String field) {
		try {
			for (String line : Files.readAllLines(level.resolve("memory.stat"), StandardCharsets.US_ASCII)) {
				String[] kv = line.split(" ");
				if (kv.length == 2 && kv[0].equals(field)) return Long.parseLong(kv[1]);
			}
		}
		catch (IOException | NumberFormatException e) {
			// nothing to subtract
		}
		return 0;
	}

	private List<String> lines(String file) {
		try {
			return Files.readAllLines(root.resolve(file), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			return List.of();
		}
	}
}
