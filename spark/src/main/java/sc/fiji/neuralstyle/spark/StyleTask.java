package sc.fiji.neuralstyle.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import sc.fiji.neuralstyle.engine.NetworkCache;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossLog;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.headless.FileRuns;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.headless.InputFiles;
import sc.fiji.neuralstyle.headless.ResultFiles;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;

/**
 * One job, run where Spark puts it: skip it if its complete result is there, made with the same
 * parameters ({@link JobRecord}), else check it, read its images, style them on this JVM's network
 * ({@link #ENGINE}) and write the result, the loss log, then the record. A content that
 * is a stack, a movie or a folder of frames ({@code planes=all}) is one job: its planes in order
 * ({@link FileRuns}), the result a TIFF stack. Safe to run twice at once (a retry, a speculative copy):
 * each file is written to a temporary name and renamed ({@link ImageFiles#write}, {@link LossLog#write}),
 * so a result is complete or absent; a copy that Spark stops writes nothing. Whatever is wrong with the
 * job's images or files fails the job, with its message, never the task.
 */
public final class StyleTask {

	static {
		// ImageJ reads and writes the files; nothing is shown on an executor, whatever DISPLAY says.
		System.setProperty("java.awt.headless", "true");
	}

	/**
	 * The executor's engine. An executor's JVM runs many tasks, one after another or side by side, and
	 * Spark gives them no object to share: one engine per JVM, so that they share the network the first
	 * loads. It lives as long as the JVM (the executor ends with its application).
	 */
	static final StyleEngine ENGINE = new StyleEngine();

	private StyleTask() {}

	/** Runs a job in the current Spark task. */
	public static JobOutcome run(Job job) {
		QuietDjl.apply(); // in the executor's JVM
		return run(job, TaskEnvironment.current());
	}

	/** Runs a job in the given environment. */
	public static JobOutcome run(Job job, TaskEnvironment env) {
		long start = System.nanoTime();
		JobOutcome finished = finished(job, env.executor(), env.host());
		if (finished != null) return finished;
		// The inputs as they are read now: the record written after the result says so.
		Map<String, String> recorded = JobRecord.of(job);
		// The job's values as this JVM has them (parsed once per JVM); the device is the one Spark gave the task.
		String device = "";
		try {
			ParamValues parsed = job.valuesHere();
			ComputeDevice chosen = TaskDevice.device(parsed.get(Params.DEVICE), env.resources());
			device = chosen.toString();
			FileRuns.Checked checked = FileRuns.check(parsed.with(Params.DEVICE, chosen), (values, inputs) -> values.with(
				Params.OUTPUT, job.output(inputs.content().getBitDepth(), inputs.isStack(values))), ENGINE.memory());
			return style(job, recorded, checked, env, start);
		}
		catch (ParameterException e) {
			return JobOutcome.failed(job, e.getMessage(), seconds(start), env, device);
		}
		catch (WeightsException e) {
			return JobOutcome.failed(job, Params.WEIGHTS.name() + ": " + e.getMessage(), seconds(start), env, device);
		}
		catch (IOException | RuntimeException e) {
			return JobOutcome.failed(job, e.getMessage() != null ? e.getMessage() : e.toString(), seconds(start), env, device);
		}
	}

	private static JobOutcome style(Job job, Map<String, String> recorded, FileRuns.Checked checked, TaskEnvironment env,
		long startTime) throws IOException
	{
		ParamValues values = checked.values();
		InputFiles inputs = checked.inputs();
		Path output = values.get(Params.OUTPUT);
		String device = checked.run().device().toString();
		PlaneSequence.Listener listener = listener(values, inputs, env);
		// A record of other parameters must not outlive the result it described; the new one comes last
		// and marks the job as complete, made with these parameters.
		JobRecord.discard(job);
		// The executor's network, loaded by its first task (a task that Spark kills while it loads stops at
		// once); a stack is one task: its planes in order.
		FileRuns.Result result = FileRuns.style(ENGINE, checked, listener, false);
		PlaneSequence.Outcome outcome = result.outcome();
		if (result.written().isEmpty()) {
			// Spark stopped this task (another copy finished, or the application ends): write nothing.
			return JobOutcome.failed(job, "stopped by Spark: " + outcome.message(), seconds(startTime), env, device);
		}
		JobRecord.write(job, recorded);
		List<LossRecord> all = outcome.losses().stream().flatMap(List::stream).toList();
		return new JobOutcome(job.id(), JobOutcome.Status.DONE, outcome.message(), output.toString(), all.size(),
			JobOutcome.Losses.best(all), seconds(startTime), env.executor(), env.host(), device, result.loaded());
	}

	/** Hears the engine: asks Spark whether to stop, writes previews when asked for. */
	private static PlaneSequence.Listener listener(ParamValues values, InputFiles inputs, TaskEnvironment env) {
		int previewEvery = values.get(Params.PREVIEW_EVERY);
		return new PlaneSequence.Listener() {

			private int plane;

			@Override
			public void planeStarted(int index, int count) {
				plane = index;
			}

			@Override
			public void iteration(LossRecord record, int iterations, Supplier<FloatImage> preview) {
				if (previewEvery > 0 && record.iteration() > 0 && record.iteration() % previewEvery == 0) {
					try {
						ResultFiles.writePreview(preview.get(), inputs, ResultFiles.previewPath(values, inputs, plane,
							record.iteration()));
					}
					catch (IOException e) {
						throw new java.io.UncheckedIOException("Could not write the preview image: " + e.getMessage(), e);
					}
				}
			}

			@Override
			public boolean isCancelled() {
				return env.isInterrupted();
			}
		};
	}

	/**
	 * The outcome of a job whose complete result is there (the result file, the loss log, and the
	 * record of the same parameters as now), read from its loss log; null if it is not complete.
	 */
	static JobOutcome finished(Job job, String executor, String host) {
		Path output = job.finishedOutput();
		if (output == null) return null;
		List<LossRecord> records;
		try {
			records = LossLog.read(job.lossLog());
		}
		catch (IOException | RuntimeException e) {
			return null; // not a loss log this application wrote: do the job again
		}
		return new JobOutcome(job.id(), JobOutcome.Status.SKIPPED, "its result was there: " + output.getFileName()
			+ " and " + job.lossLog().getFileName(), output.toString(), records.size(), JobOutcome.Losses.best(records), 0,
			executor, host, "", false);
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}
}
