package sc.fiji.neuralstyle.net.weights;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * Where pretrained weights live and how they arrive: a folder holding each descriptor's
 * {@link ModelDescriptor#file() file}, filled by downloading from the descriptor's URL on first use.
 * <p>
 * A file at its final path is always one whose SHA-256 was checked ({@link WeightsDownload} renames
 * a checked download into place; {@link VerifiedFile} checks a file placed by hand once, on first
 * use, and marks it so later runs need not hash it again). Concurrent requests for the same file,
 * from threads or other programs, take turns ({@link DownloadLock}): the second waits and then uses
 * the file the first checked. The folder and the offline switch come from {@link CacheLocation}.
 * </p>
 */
public final class WeightStore {

	public static final String DIR_PROPERTY = CacheLocation.DIR_PROPERTY;
	public static final String DIR_ENV = CacheLocation.DIR_ENV;
	public static final String OFFLINE_PROPERTY = CacheLocation.OFFLINE_PROPERTY;
	public static final String OFFLINE_ENV = CacheLocation.OFFLINE_ENV;

	private static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

	private final Path cacheDir;
	private final boolean downloadsAllowed;
	private final WeightsDownload download;
	private final String folderAdvice;

	/**
	 * @param cacheDir where downloaded weights are kept
	 * @param downloadsAllowed false to work offline: only files already there (or placed by hand) are used
	 */
	public WeightStore(Path cacheDir, boolean downloadsAllowed) {
		this(cacheDir, downloadsAllowed, DEFAULT_STALL_TIMEOUT);
	}

	/** @param stallTimeout how long a download may receive nothing before it is given up */
	WeightStore(Path cacheDir, boolean downloadsAllowed, Duration stallTimeout) {
		this(cacheDir, downloadsAllowed, new WeightsDownload(stallTimeout, CacheLocation.howToChoose()),
			CacheLocation.howToChoose());
	}

	private WeightStore(Path cacheDir, boolean downloadsAllowed, WeightsDownload download, String folderAdvice) {
		this.cacheDir = cacheDir.toAbsolutePath().normalize();
		this.downloadsAllowed = downloadsAllowed;
		this.download = download;
		this.folderAdvice = folderAdvice;
	}

	/**
	 * This store with another way to choose a folder in its messages, for a front that has one of
	 * its own ({@code --models_dir DIR} on the command line's --download), instead of the system
	 * property and environment variable that runs read.
	 *
	 * @param advice a sentence without its full stop: "Give --models_dir DIR, a folder you can write in"
	 */
	public WeightStore withFolderAdvice(String advice) {
		return new WeightStore(cacheDir, downloadsAllowed, download.withFolderAdvice(advice), advice);
	}

	/** A store in the folder, and with the offline switch, of {@link CacheLocation}. */
	public static WeightStore fromEnvironment() {
		return new WeightStore(CacheLocation.folder(), CacheLocation.downloadsAllowed());
	}

	public Path cacheDir() {
		return cacheDir;
	}

	public boolean downloadsAllowed() {
		return downloadsAllowed;
	}

	/** Where the weights of {@code d} are kept in the cache. */
	public Path location(ModelDescriptor d) {
		return cacheDir.resolve(d.file());
	}

	/**
	 * The weights file to use for {@code d}: {@code weightsOverride} if given, else the cached file,
	 * downloaded and checked first if need be.
	 *
	 * @param d the model
	 * @param weightsOverride a file the user chose, used as it is (not checked against the descriptor's
	 *          SHA-256, since it may be one's own weights); null for the standard weights
	 * @param listener hears progress; may be null
	 * @throws WeightsException if the override is missing or unreadable, the file is absent and cannot
	 *           be downloaded (offline, or the download failed), or the cached file is not the expected
	 *           one; the message says which file to fetch from where and where to put it
	 */
	public Path resolve(ModelDescriptor d, Path weightsOverride, DownloadListener listener) {
		DownloadListener l = listener == null ? DownloadListener.NONE : listener;
		if (weightsOverride != null) return checkOverride(d, weightsOverride);
		return obtain(d, l, false);
	}

	/**
	 * Downloads the weights of {@code d} into this store unless a checked file is there already: what
	 * Download Weights does. Unlike {@link #resolve}, a file that fails its check is downloaded again
	 * (and replaced only once the new file is checked).
	 *
	 * @return the checked file
	 * @throws WeightsException as {@link #resolve}; when the thread was interrupted (a cancel), with
	 *           the thread's interrupt kept and nothing of the download left behind
	 */
	public Path download(ModelDescriptor d, DownloadListener listener) {
		return obtain(d, listener == null ? DownloadListener.NONE : listener, true);
	}

	/**
	 * What this store holds for {@code d}, checking a file that no marker vouches for (a few seconds
	 * for hundreds of MB). Never downloads.
	 */
	public WeightsState state(ModelDescriptor d, DownloadListener listener) {
		Path target = location(d);
		if (VerifiedFile.isMarked(d, target)) return new WeightsState(WeightsState.Kind.VERIFIED, target, "checked before");
		if (!Files.exists(target)) return new WeightsState(WeightsState.Kind.MISSING, target, "not there");
		try {
			VerifiedFile.check(d, target, listener == null ? DownloadListener.NONE : listener, Files.isWritable(cacheDir));
			return new WeightsState(WeightsState.Kind.VERIFIED, target, "checked now");
		}
		catch (WeightsException e) {
			return new WeightsState(WeightsState.Kind.DAMAGED, target, e.getMessage());
		}
	}

	/** The standard file of {@code d}, downloaded if missing (or, with {@code replaceDamaged}, if it fails its check). */
	private Path obtain(ModelDescriptor d, DownloadListener l, boolean replaceDamaged) {
		Path target = location(d);
		if (VerifiedFile.isMarked(d, target)) return target;
		try {
			Files.createDirectories(cacheDir);
		}
		catch (IOException e) {
			// Read-only place: a file put there by hand can still be used.
			if (Files.isRegularFile(target)) return VerifiedFile.check(d, target, l, false);
			throw MissingWeights.exception(d, target, "and its folder cannot be created (" + e + "). "
				+ folderAdvice + ", or");
		}
		if (!Files.isWritable(cacheDir)) {
			if (Files.isRegularFile(target)) return VerifiedFile.check(d, target, l, false);
			throw MissingWeights.exception(d, target, "and its folder " + cacheDir + " is not writable. "
				+ folderAdvice + ", or");
		}
		try (DownloadLock lock = DownloadLock.acquire(target, l)) {
			if (Files.exists(target)) {
				try {
					return VerifiedFile.check(d, target, l, true);
				}
				catch (WeightsException e) {
					if (!replaceDamaged || !Files.isRegularFile(target)) throw e;
					l.message(e.getMessage() + " Downloading it again.");
				}
			}
			if (!downloadsAllowed) {
				throw MissingWeights.exception(d, target, "and downloads are switched off (offline mode: unset "
					+ OFFLINE_PROPERTY + " / " + OFFLINE_ENV + " to allow them). To use it offline,");
			}
			download.fetch(d, target, l);
			return target;
		}
		catch (InterruptedException | ClosedByInterruptException | FileLockInterruptionException e) {
			Thread.currentThread().interrupt();
			throw new WeightsException("Getting the weights file " + target + " was interrupted.", e);
		}
		catch (IOException e) {
			throw new WeightsException("Cannot use the weights folder " + cacheDir + ": " + e, e);
		}
	}

	private static Path checkOverride(ModelDescriptor d, Path file) {
		String problem = !Files.exists(file) ? "does not exist" : Files.isDirectory(file) ? "is a folder, not a file"
			: !Files.isReadable(file) ? "cannot be read (check its permissions)" : null;
		if (problem == null) return file;
		throw new WeightsException("The weights file given, " + file.toAbsolutePath() + ", " + problem + ". Give the path "
			+ "of a .pth state dict for " + d.architecture() + ", or leave 'weights' empty to use the standard "
			+ d.name() + " weights (" + d.file() + ").");
	}

	@Override
	public String toString() {
		return "weights in " + cacheDir + (downloadsAllowed ? "" : " (offline)");
	}
}
