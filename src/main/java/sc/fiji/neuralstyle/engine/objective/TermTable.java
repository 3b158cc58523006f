package sc.fiji.neuralstyle.engine.objective;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.ContentTerm;
import sc.fiji.neuralstyle.engine.terms.LossTerm;
import sc.fiji.neuralstyle.engine.terms.TemporalTerm;
import sc.fiji.neuralstyle.engine.terms.TermInputs;
import sc.fiji.neuralstyle.engine.terms.TvTerm;
import sc.fiji.neuralstyle.engine.terms.style.GramStyleTerm;
import sc.fiji.neuralstyle.engine.terms.style.SlicedStyleTerm;
import sc.fiji.neuralstyle.engine.terms.style.WassersteinStyleTerm;

/**
 * The terms an objective can have, one row each, in the loss log's order: the one place where a term
 * is added (its class and its row). Content, style and tv, Gatys et al.'s terms, always have their
 * loss-log column (0 where their weight is 0, as the log has always had them); a term added later
 * has a column only in runs that use it (weight above 0; the temporal term only in the planes of a
 * sequence, every plane of it, 0 where there is no earlier plane).
 */
public final class TermTable {

	/**
	 * A term as the fronts see it.
	 *
	 * @param name its loss-log column (and {@code loss_<name>} in Spark's summary)
	 * @param weightLabel its weight's symbol or parameter, for plot legends ("α", "tv_weight")
	 * @param weight its weight in a run's settings
	 * @param alwaysLogged whether it has a column even where its weight is 0
	 * @param planesOnly whether only the planes of a sequence have it (the temporal term)
	 */
	public record Column(String name, String weightLabel, ToDoubleFunction<StyleSettings> weight, boolean alwaysLogged,
		boolean planesOnly)
	{
		/** Whether a run of a single image with these settings has this column. */
		public boolean loggedIn(StyleSettings settings) {
			return loggedIn(settings, false);
		}

		/** Whether a run with these settings has this column, as a plane of a sequence or not. */
		public boolean loggedIn(StyleSettings settings, boolean planeOfSequence) {
			return alwaysLogged || (planeOfSequence || !planesOnly) && weight.applyAsDouble(settings) > 0;
		}
	}

	/** Makes a stage's term from its inputs. */
	interface Factory {
		LossTerm create(TermInputs inputs);
	}

	private record Row(Column column, Factory factory) {}

	private static final List<Row> ROWS = List.of(
		new Row(new Column("content", "\u03b1", StyleSettings::contentWeight, true, false), ContentTerm::new),
		new Row(new Column("style", "\u03b2", StyleSettings::styleWeight, true, false), TermTable::styleTerm),
		new Row(new Column("tv", "tv_weight", StyleSettings::tvWeight, true, false), TvTerm::new),
		new Row(new Column("temporal", "temporal_weight", StyleSettings::temporalWeight, false, true),
			TemporalTerm::new));

	private TermTable() {}

	/** Every term there is, in log order. */
	public static List<Column> all() {
		return ROWS.stream().map(Row::column).toList();
	}

	/** The term of a loss-log column, or null. */
	public static Column named(String name) {
		return ROWS.stream().map(Row::column).filter(c -> c.name().equals(name)).findFirst().orElse(null);
	}

	/** The loss-log columns of a run of a single image with these settings, in order. */
	public static List<String> columns(StyleSettings settings) {
		return ROWS.stream().map(Row::column).filter(c -> c.loggedIn(settings)).map(Column::name).toList();
	}

	/** The style term of the run's {@code style_loss}. */
	private static LossTerm styleTerm(TermInputs in) {
		return switch (in.settings().styleLoss()) {
			case GRAM -> new GramStyleTerm(in);
			case WASSERSTEIN -> new WassersteinStyleTerm(in);
			case SLICED -> new SlicedStyleTerm(in, SlicedStyleTerm.DIRECTIONS_PER_CHANNEL);
		};
	}

	/** The terms of one stage: one per column of the run (those of weight 0 compute nothing). */
	public static List<LossTerm> create(TermInputs inputs) {
		List<LossTerm> terms = new ArrayList<>();
		for (Row row : ROWS) {
			if (row.column().loggedIn(inputs.settings(), inputs.temporal() != null)) terms.add(row.factory().create(inputs));
		}
		return terms;
	}
}
