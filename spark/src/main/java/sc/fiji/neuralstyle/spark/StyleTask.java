package sc.fiji.neuralstyle.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;


import sc.fiji.neuralstyle.engine.FloatImage;
import sc.fiji.neuralstyle.engine.LossLog;
import sc.fiji.neuralstyle.engine.LossRecord;
import sc.fiji.neuralstyle.engine.ProgressListener;
import sc.fiji.neuralstyle.engine.StopReason;
import sc.fiji.neuralstyle.engine.StyleResult;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.headless.InputFiles;
import sc.fiji.neuralstyle.headless.ResultFiles;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.OutputNames;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;

/**
 * One job, run where Spark puts it: skip it if its complete result is there, else check it, read
 * its images, style them on this JVM's network ({@link NetworkCache}) and write the result, then
 * the loss log. Safe to run twice at once (a retry, a speculative copy): each file is written to a
 * temporary name and renamed ({@link ImageFiles#write}, {@link LossLog#write}), so a result is
 * complete or absent; a copy that Spark stops writes nothing. Whatever is wrong with the job's
 * images or files fails the job, with its message, never the task.
 */
public final class StyleTask {

	static {
		// ImageJ reads and writes the files; nothing is shown on an executor, whatever DISPLAY says.
		System.setProperty("java.awt.headless", "true");
	}

	private StyleTask() {}

	/** Runs a job in the current Spark task. */
	public static JobOutcome run(Job job) {
		return run(job, TaskEnvironment.current());
	}

	/** Runs a job in the given environment. */
	public static JobOutcome run(Job job, TaskEnvironment env) {
		long start = System.nanoTime();
		JobOutcome finished = finished(job, env.executor(), env.host());
		if (finished != null) return finished;
		Map<String, String> texts = new LinkedHashMap<>(ShippedFiles.resolve(job.texts()));
		String device = TaskDevice.device(texts.get(Params.DEVICE.name()), env.resources());
		texts.put(Params.DEVICE.name(), device);
		try {
			ParamValues values = ParamValues.parse(texts, Front.SPARK);
			Preflight.checkFiles(values, true);
			InputFiles inputs = InputFiles.read(values);
			values = values.with(Params.OUTPUT, job.output(inputs.content().getBitDepth()));
			inputs.check(values);
			return style(job, values, inputs, env, start);
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

	private static JobOutcome style(Job job, ParamValues values, InputFiles inputs, TaskEnvironment env, long startTime)
		throws IOException
	{
		Path output = values.get(Params.OUTPUT);
		StyleSettings settings = values.settings();
		ProgressListener listener = listener(values.get(Params.PREVIEW_EVERY), output, inputs, env);
		NetworkCache.Lease lease = NetworkCache.acquire(settings, listener);
		StyleResult result = lease.transfer().run(inputs.contentImage(), inputs.styleImages(), inputs.maskImages(),
			inputs.start(), listener);
		if (result.reason() == StopReason.CANCELLED) {
			// Spark stopped this task (another copy finished, or the application ends): write nothing.
			return JobOutcome.failed(job, "stopped by Spark: " + result.message(), seconds(startTime), env, settings.device());
		}
		// The loss log comes last: it marks the job as complete.
		ResultFiles.write(values, lease.transfer().settingsUsed(), inputs, result, output, job.lossLog());
		return new JobOutcome(job.id(), JobOutcome.Status.DONE, result.message(), output.toString(),
			result.losses().size(), JobOutcome.Losses.best(result.losses()), seconds(startTime), env.executor(), env.host(),
			settings.device(), lease.loaded());
	}

	/** Hears the engine: asks Spark whether to stop, writes previews when asked for. */
	private static ProgressListener listener(int previewEvery, Path output, InputFiles inputs, TaskEnvironment env) {
		return new ProgressListener() {

			@Override
			public void iteration(LossRecord record, int iterations, Supplier<FloatImage> preview) {
				if (previewEvery > 0 && record.iteration() > 0 && record.iteration() % previewEvery == 0) {
					try {
						ResultFiles.writePreview(preview.get(), inputs, OutputNames.preview(output, record.iteration()));
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
	 * The outcome of a job whose complete result is there (the loss log and the result file), read
	 * from its loss log; null if it is not complete.
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
