package sc.fiji.neuralstyle.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import sc.fiji.neuralstyle.engine.progress.LossRecord;

/**
 * What became of one job: a row of the summary.
 *
 * @param job the job's id
 * @param status done, skipped (its complete result was there already), failed, or stopped (by a signal)
 * @param message how it ended: the engine's sentence, or what was wrong and what to do
 * @param output the result file written or found (null when none)
 * @param iterations loss evaluations made (the loss log's rows), 0 when none
 * @param losses the losses of the result image, the best iteration (null when none)
 * @param seconds the job's time in its task, network load included where it loaded one
 * @param executor Spark's executor id that ran it ("" for jobs the driver skipped)
 * @param host the host name of that executor ("" likewise)
 * @param device the device it computed on: cpu or gpu:N ("" when it did not compute)
 * @param networkLoaded whether this job loaded the feature network (the first of its executor)
 */
public record JobOutcome(int job, Status status, String message, String output, int iterations, Losses losses,
	double seconds, String executor, String host, String device, boolean networkLoaded) implements Serializable
{

	private static final long serialVersionUID = 1L;

	/** How a job ended. */
	public enum Status {
		/** Styled and written now. */
		DONE,
		/** Its complete result was there from an earlier run or attempt. */
		SKIPPED,
		/** Not styled: the message says why; the other jobs went on. */
		FAILED,
		/** Not finished: Ctrl-C or SIGTERM stopped the run first (a re-run makes it). */
		STOPPED;

		/** As the summary writes it. */
		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * The losses of one evaluation, as in the loss log (each term unweighted).
	 *
	 * @param iteration the evaluation, 0 for the start image
	 * @param terms each term's value by loss-log column, in the log's order
	 */
	public record Losses(int iteration, double total, Map<String, Double> terms) implements Serializable {

		private static final long serialVersionUID = 2L;

		public Losses {
			terms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(terms));
		}

		/**
		 * The losses of the result a history ends with, as the engine picks it: the last stage's
		 * average of the iterates where the run averaged (the row noted {@code average}), else the
		 * lowest total of the last scale (coarser scales' losses are sums over fewer pixels); null for none.
		 */
		static Losses best(List<LossRecord> records) {
			LossRecord best = null;
			int lastScale = records.isEmpty() ? 0 : records.get(records.size() - 1).scale();
			for (LossRecord r : records) {
				if (r.note().equals("average")) best = r;
			}
			for (LossRecord r : best != null ? List.<LossRecord>of() : records) {
				if (r.scale() == lastScale && (best == null || r.total() < best.total())) best = r;
			}
			if (best == null) return null;
			Map<String, Double> terms = new LinkedHashMap<>();
			for (int i = 0; i < best.terms().names().size(); i++) terms.put(best.terms().names().get(i), best.terms().value(i));
			return new Losses(best.iteration(), best.total(), terms);
		}
	}

	/** A job that a signal stopped before it finished: nothing of it was written. */
	static JobOutcome stopped(Job job, String signal) {
		return new JobOutcome(job.id(), Status.STOPPED, "stopped by " + signal + " before it finished; a re-run makes it",
			null, 0, null, 0, "", "", "", false);
	}

	/** This outcome with another status and message (a result found on disk, made by this run). */
	JobOutcome as(Status newStatus, String newMessage) {
		return new JobOutcome(job, newStatus, newMessage, output, iterations, losses, seconds, executor, host, device,
			networkLoaded);
	}

	/** A failed job. */
	static JobOutcome failed(Job job, String message, double seconds, TaskEnvironment env, String device) {
		return new JobOutcome(job.id(), Status.FAILED, message, null, 0, null, seconds, env.executor(), env.host(),
			device, false);
	}
}
