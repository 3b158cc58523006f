package sc.fiji.neuralstyle.engine.network;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;

/**
 * A feature network being loaded on an engine thread of its own (weights read or downloaded, the
 * network built), which callers wait for and may cancel. Cancelling interrupts the thread, so a
 * download stops and deletes its partial file ({@code net.WeightStore}); a network finished in the
 * meantime is freed. The caller never waits out the load: it looks at its cancel flag every
 * {@value #POLL_MILLIS} ms, and after a cancel waits at most {@value #CLEANUP_MILLIS} ms for the
 * thread to clean up.
 */
public final class NetworkLoad {

	/** How often a waiting caller looks at its cancel flag. */
	public static final long POLL_MILLIS = 50;
	/** How long {@link #cancel} waits for the load's thread to clean up (a partial download deleted). */
	static final long CLEANUP_MILLIS = 500;

	private final ExecutorService worker;
	private final Future<LoadedNetwork> future;
	private final CountDownLatch ended = new CountDownLatch(1);
	private final Object lock = new Object();
	private boolean cancelled;
	private boolean delivered;

	private NetworkLoad(StyleSettings settings, WeightsLoader loader, MemoryProbe memory, ProgressListener listener) {
		worker = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "neural-style-engine");
			t.setDaemon(true);
			return t;
		});
		future = worker.submit(() -> load(settings, loader, memory, listener));
	}

	/** Starts loading the network of {@code settings}; {@code listener} hears the load's status and download. */
	public static NetworkLoad start(StyleSettings settings, WeightsLoader loader, MemoryProbe memory,
		ProgressListener listener)
	{
		return new NetworkLoad(settings, loader, memory, listener);
	}

	private LoadedNetwork load(StyleSettings settings, WeightsLoader loader, MemoryProbe memory,
		ProgressListener listener)
	{
		try {
			LoadedNetwork network = new LoadedNetwork(settings, loader, memory, listener, worker);
			synchronized (lock) {
				if (!cancelled) {
					delivered = true;
					return network;
				}
			}
			network.free();
			throw new LoadCancelledException();
		}
		catch (RuntimeException | Error e) {
			worker.shutdown(); // the thread served this load only
			throw e;
		}
		finally {
			ended.countDown();
		}
	}

	/**
	 * The network, once loaded.
	 *
	 * @throws TimeoutException if it is not loaded within {@code millis}
	 * @throws LoadCancelledException if the load was cancelled
	 * @throws RuntimeException the load's own failure (weights that cannot be had, …)
	 */
	public LoadedNetwork get(long millis) throws TimeoutException, InterruptedException {
		try {
			return future.get(millis, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof RuntimeException re) throw re;
			if (cause instanceof Error err) throw err;
			throw new IllegalStateException(cause);
		}
		catch (CancellationException e) {
			throw new LoadCancelledException();
		}
	}

	/** Whether the load has ended, loaded or not. */
	boolean isDone() {
		return future.isDone();
	}

	/**
	 * Waits for the network as its only caller: {@code cancel} returning true, or an interrupt of the
	 * waiting thread (which it keeps), cancels the load.
	 *
	 * @throws LoadCancelledException within {@value #POLL_MILLIS} ms (plus the clean-up) of a cancel
	 */
	public LoadedNetwork await(BooleanSupplier cancel) {
		while (true) {
			try {
				return get(POLL_MILLIS);
			}
			catch (TimeoutException e) {
				if (cancel.getAsBoolean()) {
					cancel();
					throw new LoadCancelledException();
				}
			}
			catch (InterruptedException e) {
				cancel();
				Thread.currentThread().interrupt();
				throw new LoadCancelledException();
			}
		}
	}

	/**
	 * Stops the load: interrupts its thread and waits up to {@value #CLEANUP_MILLIS} ms for it to
	 * clean up; a network it finished meanwhile is freed. Keeps the calling thread's interrupt.
	 */
	public void cancel() {
		boolean finished;
		synchronized (lock) {
			cancelled = true;
			finished = delivered;
		}
		boolean interrupted = Thread.interrupted();
		try {
			if (finished) {
				uninterruptibly(future).close();
				return;
			}
			worker.shutdownNow(); // interrupts the load
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLEANUP_MILLIS);
			while (true) {
				try {
					ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
					break;
				}
				catch (InterruptedException e) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) Thread.currentThread().interrupt();
		}
	}

	private static LoadedNetwork uninterruptibly(Future<LoadedNetwork> future) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return future.get();
				}
				catch (InterruptedException e) {
					interrupted = true;
				}
				catch (ExecutionException e) {
					throw new IllegalStateException(e.getCause());
				}
			}
		}
		finally {
			if (interrupted) Thread.currentThread().interrupt();
		}
	}
}
