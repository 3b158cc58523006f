package sc.fiji.neuralstyle.it;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Label;
import java.awt.Menu;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.ItemEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Menus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.MessageDialog;
import ij.gui.MultiLineLabel;
import ij.measure.ResultsTable;
import ij.plugin.frame.Recorder;
import ij.process.ImageProcessor;
import ij.text.TextWindow;

/**
 * Uses the plugin through ImageJ1's GUI the way a person does, in an ImageJ JVM that
 * {@link PluginGuiTest} starts under an X server: opens images, runs Plugins &gt; Neural Style with
 * the macro recorder on, fills in the dialog and clicks OK (real mouse events from java.awt.Robot),
 * and writes what it saw to a properties file, with screenshots, for the test to check.
 * <p>
 * It uses only ImageJ's and Java's API: the plugin classes are loaded by ImageJ from its plugins
 * folder (they are not on this JVM's class path), as in a user's installation. It finds the dialog's
 * fields by name: each field's AWT name is its parameter's name.
 * <p>
 * Arguments: report file, screenshot folder, samples folder, weights file.
 */
public final class GuiDriver {

	/** The first dialog's check box for the second, and the second's title (fiji.PluginDialog). */
	private static final String ADVANCED = "advanced_options", ADVANCED_TITLE = "Neural Style: advanced options";

	/** Generous limits against a hung GUI; what is tested is the outcome, not the time. */
	private static final long DIALOG_MS = 30_000, RUN_MS = 120_000, WATCHDOG_MS = 480_000;

	/** A microscopy file's name of 60 characters, as they come. */
	static final String LONG_TITLE = "2024-05-13_HeLa_H2B-GFP_63x_oil_confocal_timelapse_pos03.png";

	private final Properties report;
	private final Path shots;
	private final Path samples;
	private final Path weights;
	/** The folder of the report, for the files the driver makes. */
	private Path work;

	private GuiDriver(Properties report, Path shots, Path samples, Path weights) {
		this.report = report;
		this.shots = shots;
		this.samples = samples;
		this.weights = weights;
	}

	public static void main(String[] args) throws Exception {
		Properties report = new Properties();
		Path reportFile = Path.of(args[0]);
		GuiDriver driver = new GuiDriver(report, Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
		driver.work = reportFile.toAbsolutePath().getParent();
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(WATCHDOG_MS);
			}
			catch (InterruptedException e) {
				return;
			}
			// Something waits for ever (a modal dialog nobody expected): say where, then stop.
			driver.put("error", "stuck after " + WATCHDOG_MS / 1000 + " s; windows: " + windows() + "\n" + threadDump());
			try {
				driver.screenshot(new Rectangle(0, 0, 4000, 4000), "stuck.png");
			}
			catch (Exception e) {
				// the report matters more
			}
			finish(report, reportFile, 3);
		}, "GuiDriver watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		int code = 0;
		try {
			driver.drive();
			driver.put("finished", "true");
		}
		catch (Throwable t) {
			StringWriter s = new StringWriter();
			t.printStackTrace(new PrintWriter(s));
			driver.put("error", s.toString());
			code = 1;
		}
		finish(report, reportFile, code);
	}

	/** Writes the report and ends the JVM (ImageJ's windows would keep it alive). */
	private static synchronized void finish(Properties report, Path file, int code) {
		try (OutputStream out = Files.newOutputStream(file)) {
			report.store(out, "GuiDriver");
		}
		catch (IOException e) {
			e.printStackTrace();
		}
		System.exit(code);
	}

	private static String threadDump() {
		StringBuilder s = new StringBuilder();
		Thread.getAllStackTraces().forEach((t, stack) -> {
			s.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
			for (StackTraceElement e : stack) s.append("\tat ").append(e).append('\n');
		});
		return s.toString();
	}

	private void put(String key, Object value) {
		synchronized (GuiDriver.class) {
			report.setProperty(key, String.valueOf(value));
		}
	}

	private void drive() throws Exception {
		put("headless", GraphicsEnvironment.isHeadless());
		new ImageJ(ImageJ.NO_SHOW);
		put("command.class", Menus.getCommands().get("Neural Style"));
		// Style first: the content, opened last, is the active image the dialog proposes as content.
		show(small(samples.resolve("starry_night.jpg")));
		ImagePlus coffee = small(samples.resolve("coffee.png"));
		show(coffee);
		activate(coffee);
		new Recorder(false);

		dialogRun();
		rememberedValues();
		interactiveValidation();
		replay();
		cancelledRun();
		stackRunWithTheRecorder();
		missingWeights();
		longTitle();
		macroError();
		submenu();
	}

	/**
	 * Fills the first dialog, ticks Advanced options, OK; fills the second dialog, OK; then looks at
	 * the result, the plot and the recorded line.
	 */
	private void dialogRun() throws Exception {
		IJ.doCommand("Neural Style");
		GenericDialog gd = waitForDialog("Neural Style");
		put("dialog.class", gd.getClass().getName());
		put("default.content", choice(gd, "content").getSelectedItem());
		put("default.style", choice(gd, "style").getSelectedItem());
		put("default.network", choice(gd, "network").getSelectedItem());
		put("default.iterations", number(gd, "iterations").getText());
		put("default.messages", String.join(" | ", messages(gd)));
		put("default.fields", String.join("\n", fields(gd)));
		put("default.helpUrl", (String) field(gd, GenericDialog.class, "helpURL"));
		screenshot(gd.getBounds(), "dialog.png");

		onEdt(() -> {
			select(gd, choice(gd, "network"), "alexnet");
			number(gd, "iterations").setText("5");
			number(gd, "size").setText("192");
			check(gd, (Checkbox) named(gd, ADVANCED), true);
		});
		onEdt(() -> {});
		put("filled.messages", String.join(" | ", messages(gd)));
		screenshot(gd.getBounds(), "dialog-filled.png");
		clickToClose(gd, gd.getButtons()[0]);

		GenericDialog advanced = waitForDialog(ADVANCED_TITLE);
		put("advanced.fields", String.join("\n", fields(advanced)));
		put("advanced.messages", String.join(" | ", messages(advanced)));
		screenshot(advanced.getBounds(), "dialog-advanced.png");
		// The temporal rows are off while only the current plane is styled, on for every plane.
		Component temporalWeight = named(advanced, "temporal_weight");
		put("advanced.temporalEnabled", temporalWeight.isEnabled());
		onEdt(() -> select(advanced, choice(advanced, "planes"), "all"));
		put("advanced.temporalEnabledForAll", temporalWeight.isEnabled() && named(advanced, "temporal_frames").isEnabled());
		onEdt(() -> select(advanced, choice(advanced, "planes"), "current"));
		onEdt(() -> {
			text(advanced, "weights").setText(weights.toString());
			select(advanced, choice(advanced, "preserve_colors"), "luminance");
		});
		onEdt(() -> {});
		clickToClose(advanced, advanced.getButtons()[0]);

		String line = waitFor(GuiDriver::recordedLine, RUN_MS, "the recorder to get the run's macro line");
		put("recorded", line);
		ImagePlus result = WindowManager.getCurrentImage();
		put("result.title", result.getTitle());
		put("result.bitDepth", result.getBitDepth());
		put("result.size", result.getWidth() + "x" + result.getHeight());
		put("result.info", String.valueOf(result.getProperty("Info")));
		put("result.windowShowing", result.getWindow() != null && result.getWindow().isShowing());
		put("result.magnification", result.getCanvas() == null ? 0 : result.getCanvas().getMagnification());
		put("result.windowWidth", result.getWindow() == null ? 0 : result.getWindow().getWidth());
		ImagePlus plot = WindowManager.getImage("Losses of " + result.getTitle());
		put("plot.found", plot != null && plot.getWindow() != null);
		if (plot != null && plot.getWindow() != null) {
			Window resultWindow = result.getWindow(), plotWindow = plot.getWindow();
			// The plugin places the plot a second time after pending window events: give it a moment.
			Boolean beside = waitFor(() -> {
				Rectangle r = resultWindow.getBounds(), q = plotWindow.getBounds();
				return q.x >= r.x + r.width && Math.abs(q.y - r.y) < 5 ? true : null;
			}, 3000, null);
			Rectangle r = resultWindow.getBounds(), q = plotWindow.getBounds();
			put("plot.besideResult", beside != null);
			put("plot.bounds", "plot " + q + ", result " + r);
			// The picture for docs/fiji.md: result and plot only, the input windows out of the way.
			List<Window> inputs = new ArrayList<>();
			for (int id : WindowManager.getIDList()) {
				ImagePlus imp = WindowManager.getImage(id);
				if (imp != result && imp != plot && imp.getWindow() != null) inputs.add(imp.getWindow());
			}
			onEdt(() -> inputs.forEach(w -> w.setVisible(false)));
			settle(result.getWindow());
			screenshot(r.union(q), "result.png");
			onEdt(() -> inputs.forEach(w -> w.setVisible(true)));
		}
		put("prefs.iterations", Prefs.get("neuralstyle.iterations", ""));
		put("prefs.network", Prefs.get("neuralstyle.network", ""));
		report.put("result.id", Integer.toString(result.getID()));
	}

	/**
	 * The dialogs show the values of the first run, the second one too (its box remembered ticked);
	 * the content is the run's again, not its result (the active image); cancelled.
	 */
	private void rememberedValues() throws Exception {
		// The result is the active image after a run; made sure of, as a user's click on it would.
		activate(WindowManager.getImage(Integer.parseInt(report.getProperty("result.id"))));
		put("afterRun.active", WindowManager.getCurrentImage().getTitle());
		IJ.doCommand("Neural Style");
		GenericDialog gd = waitForDialog("Neural Style");
		put("afterRun.content", choice(gd, "content").getSelectedItem());
		put("afterRun.style", choice(gd, "style").getSelectedItem());
		put("afterRun.contentItems", String.join(" | ", items(choice(gd, "content"))));
		put("remembered.network", choice(gd, "network").getSelectedItem());
		put("remembered.iterations", number(gd, "iterations").getText());
		put("remembered.advanced", ((Checkbox) named(gd, ADVANCED)).getState());
		put("remembered.advancedLine", String.join(" | ", messages(gd)));
		clickToClose(gd, gd.getButtons()[0]);
		GenericDialog advanced = waitForDialog(ADVANCED_TITLE);
		put("remembered.preserveColors", choice(advanced, "preserve_colors").getSelectedItem());
		put("remembered.weights", text(advanced, "weights").getText());
		clickToClose(advanced, advanced.getButtons()[1]);
		put("cancel.recorded", recordedLines().size());
	}

	/**
	 * A wrong value: a message, then the dialog again with the values typed; cancelled. A wrong value
	 * of the second dialog brings the first back with its box ticked, so OK leads to the field.
	 */
	private void interactiveValidation() throws Exception {
		IJ.doCommand("Neural Style");
		GenericDialog gd = waitForDialog("Neural Style");
		onEdt(() -> {
			number(gd, "iterations").setText("0");
			check(gd, (Checkbox) named(gd, ADVANCED), false);
		});
		clickToClose(gd, gd.getButtons()[0]);
		put("invalid.message", closeMessage("invalid-message.png"));
		GenericDialog again = waitForNewDialog(gd, "Neural Style");
		put("invalid.reshown.iterations", number(again, "iterations").getText());
		put("invalid.reshown.network", choice(again, "network").getSelectedItem());
		put("invalid.reshown.advanced", ((Checkbox) named(again, ADVANCED)).getState());
		// Now a wrong value in the second dialog.
		onEdt(() -> {
			number(again, "iterations").setText("5");
			check(again, (Checkbox) named(again, ADVANCED), true);
		});
		clickToClose(again, again.getButtons()[0]);
		GenericDialog advanced = waitForDialog(ADVANCED_TITLE);
		onEdt(() -> text(advanced, "tile_size").setText("7"));
		clickToClose(advanced, advanced.getButtons()[0]);
		put("invalidAdvanced.message", closeMessage(null));
		GenericDialog third = waitForNewDialog(again, "Neural Style");
		put("invalidAdvanced.reshown.advanced", ((Checkbox) named(third, ADVANCED)).getState());
		clickToClose(third, third.getButtons()[0]);
		GenericDialog advancedAgain = waitForDialog(ADVANCED_TITLE);
		put("invalidAdvanced.reshown.tileSize", text(advancedAgain, "tile_size").getText());
		clickToClose(advancedAgain, advancedAgain.getButtons()[1]);
	}

	/** The text of the plugin's message about a wrong value, after closing it (and a screenshot if named). */
	private String closeMessage(String shot) throws Exception {
		MessageDialog message = waitFor(() -> window(MessageDialog.class, "Neural Style"), DIALOG_MS,
			"the message about the wrong value");
		placeBottomLeft(message);
		String text = lines(field(message, MessageDialog.class, "label"));
		if (shot != null) screenshot(message.getBounds(), shot);
		clickToClose(message, field(message, MessageDialog.class, "button"));
		return text;
	}

	/** The dialog of that title that opens after {@code previous}. */
	private static GenericDialog waitForNewDialog(GenericDialog previous, String title) throws Exception {
		GenericDialog d = waitFor(() -> {
			GenericDialog g = GenericDialog.getInstance();
			return g != null && g != previous && g.isShowing() && title.equals(g.getTitle()) ? g : null;
		}, DIALOG_MS, "the dialog '" + title + "' to open again");
		placeBottomRight(d);
		return d;
	}

	/** The recorded line as a macro: the same run, no dialog, remembered values left alone. */
	private void replay() throws Exception {
		Prefs.set("neuralstyle.iterations", "77");
		String line = report.getProperty("recorded");
		String id = IJ.runMacro(line + "\nreturn \"\" + getImageID();");
		ImagePlus replayed = WindowManager.getImage(Integer.parseInt(id.strip()));
		ImagePlus first = WindowManager.getImage(Integer.parseInt(report.getProperty("result.id")));
		put("replay.info", String.valueOf(replayed.getProperty("Info")));
		put("replay.size", replayed.getWidth() + "x" + replayed.getHeight());
		put("replay.maxDifference", maxDifference(first.getProcessor(), replayed.getProcessor()));
		put("replay.prefs.iterations", Prefs.get("neuralstyle.iterations", ""));
		put("replay.title", replayed.getTitle());
		// The plugin places the windows on the event thread, and once more after their pending events.
		onEdt(() -> {});
		onEdt(() -> {});
		ImagePlus firstPlot = WindowManager.getImage("Losses of " + first.getTitle());
		ImagePlus secondPlot = WindowManager.getImage("Losses of " + replayed.getTitle());
		put("replay.plotTitles", (firstPlot == null ? "none" : firstPlot.getTitle()) + " | "
			+ (secondPlot == null ? "none" : secondPlot.getTitle()));
		if (firstPlot != null && secondPlot != null) {
			put("replay.locations", "results " + first.getWindow().getLocation() + ", " + replayed.getWindow().getLocation()
				+ "; plots " + firstPlot.getWindow().getLocation() + ", " + secondPlot.getWindow().getLocation());
			put("replay.apart", !first.getWindow().getLocation().equals(replayed.getWindow().getLocation())
				&& !firstPlot.getWindow().getLocation().equals(secondPlot.getWindow().getLocation()));
		}
	}

	/**
	 * Esc during a run: the run stops, and the status bar, the Log and the kept image's title say so.
	 * The Esc goes to ImageJ's own key handler, as a key pressed in any ImageJ window does.
	 */
	private void cancelledRun() throws Exception {
		IJ.log("\\Clear");
		IJ.showStatus("");
		IJ.doCommand("Neural Style");
		GenericDialog gd = waitForDialog("Neural Style");
		put("cancel.defaultContent", choice(gd, "content").getSelectedItem());
		onEdt(() -> {
			number(gd, "iterations").setText("100000");
			number(gd, "size").setText("64");
			check(gd, (Checkbox) named(gd, ADVANCED), false);
		});
		clickToClose(gd, gd.getButtons()[0]);
		// The status of this run's iterations (the last run's closing line also names an iteration).
		waitFor(() -> ImageJ.getStatusBarText().startsWith("Neural Style: iteration ") ? true : null, RUN_MS,
			"the run's first iteration");
		onEdt(() -> IJ.getInstance().keyPressed(new KeyEvent(IJ.getInstance(), KeyEvent.KEY_PRESSED,
			System.currentTimeMillis(), 0, KeyEvent.VK_ESCAPE, (char) 27)));
		// By title: this thread's current image is the one the replay's macro left it.
		ImagePlus kept = waitFor(() -> {
			for (int id : WindowManager.getIDList()) {
				ImagePlus imp = WindowManager.getImage(id);
				if (imp != null && imp.getTitle().contains("(cancelled)")) return imp;
			}
			return null;
		}, RUN_MS, "the cancelled run's image");
		waitFor(() -> ImageJ.getStatusBarText().contains("Cancelled") ? true : null, DIALOG_MS, "the status bar to say so");
		// The Log's window shows a line once the event thread has appended it: wait for it too (under load the
		// driver read the Log before the line was there).
		waitFor(() -> String.valueOf(IJ.getLog()).contains("Cancelled") ? true : null, DIALOG_MS, "the Log to say so");
		put("cancel.title", kept.getTitle());
		put("cancel.status", ImageJ.getStatusBarText());
		put("cancel.log", IJ.getLog());
		put("cancel.info", String.valueOf(kept.getProperty("Info")));
	}

	/**
	 * A stack's run with the recorder open (a loss plot once stayed blank grey then): the plot window
	 * shows its curves.
	 */
	private void stackRunWithTheRecorder() throws Exception {
		// Three frames of the coffee sample, 48 px, each moved 2 px (SyntheticSequence reads the samples
		// from the project's folder, which is not this JVM's).
		ImageProcessor coffee = IJ.openImage(samples.resolve("coffee.png").toString()).getProcessor().resize(64, 48);
		ImageStack frames = new ImageStack(48, 48);
		for (int t = 0; t < 3; t++) {
			coffee.setRoi(2 * t, 0, 48, 48);
			frames.addSlice("frame " + (t + 1), coffee.crop());
		}
		ImagePlus stack = new ImagePlus("clip.tif", frames);
		stack.setDimensions(1, 1, 3);
		show(stack);
		Thread run = new Thread(() -> IJ.run("Neural Style", "content=clip.tif style=starry_night.jpg network=alexnet"
			+ " weights=[" + weights + "] size=48 iterations=4 planes=all"), "stack run");
		run.start();
		run.join(RUN_MS);
		ImagePlus plot = waitFor(() -> {
			ImagePlus p = WindowManager.getImage("Losses of clip styled as starry_night");
			return p != null && p.getWindow() != null && p.getWindow().isShowing() ? p : null;
		}, RUN_MS, "the stack's loss plot");
		settle(plot.getWindow());
		Rectangle canvas = new Rectangle(plot.getCanvas().getLocationOnScreen(), plot.getCanvas().getSize());
		BufferedImage shot = new Robot().createScreenCapture(canvas);
		java.util.Set<Integer> colours = new java.util.HashSet<>();
		for (int y = 0; y < shot.getHeight(); y += 2) {
			for (int x = 0; x < shot.getWidth(); x += 2) colours.add(shot.getRGB(x, y));
		}
		put("stack.plotColours", colours.size());
		onEdt(() -> {
			plot.changes = false;
			plot.close();
			stack.close();
		});
	}

	/**
	 * vgg19 offline, without its weights: the error dialog has a readable width, leads with what to
	 * do, and its message is in the Log too. The first dialog said beforehand that the weights are
	 * not here.
	 */
	private void missingWeights() throws Exception {
		IJ.log("\\Clear");
		System.setProperty("neuralstyle.offline", "true");
		try {
			IJ.doCommand("Neural Style");
			GenericDialog gd = waitForDialog("Neural Style");
			onEdt(() -> {
				select(gd, choice(gd, "network"), "vgg19");
				number(gd, "iterations").setText("2");
				check(gd, (Checkbox) named(gd, ADVANCED), true);
			});
			clickToClose(gd, gd.getButtons()[0]);
			GenericDialog advanced = waitForDialog(ADVANCED_TITLE);
			onEdt(() -> text(advanced, "weights").setText(""));
			clickToClose(advanced, advanced.getButtons()[0]);
			MessageDialog message = waitFor(() -> window(MessageDialog.class, "Neural Style"), RUN_MS, "the error message");
			placeBottomLeft(message);
			put("error.width", message.getWidth());
			put("error.text", linesOf(field(message, MessageDialog.class, "label")));
			screenshot(message.getBounds(), "error-missing-weights.png");
			clickToClose(message, field(message, MessageDialog.class, "button"));
			put("error.log", IJ.getLog());
			IJ.doCommand("Neural Style");
			GenericDialog again = waitForDialog("Neural Style");
			put("offline.messages", String.join(" | ", messages(again)));
			clickToClose(again, again.getButtons()[1]);
		}
		finally {
			System.clearProperty("neuralstyle.offline");
		}
	}

	/**
	 * An image with a 60-character title open: the dialog keeps a width within 1,000 px, lists the title
	 * shortened, and shows it whole once chosen.
	 */
	private void longTitle() throws Exception {
		ImagePlus image = small(samples.resolve("coffee.png"));
		image.setTitle(LONG_TITLE);
		show(image);
		IJ.doCommand("Neural Style");
		GenericDialog gd = waitForDialog("Neural Style");
		put("long.width", gd.getWidth());
		List<String> items = items(choice(gd, "content"));
		put("long.contentItems", String.join(" | ", items));
		String item = items.stream().filter(i -> i.startsWith("2024-")).findFirst().orElse(LONG_TITLE);
		onEdt(() -> select(gd, choice(gd, "content"), item));
		onEdt(() -> {});
		settle(gd);
		put("long.chosenWidth", gd.getWidth());
		put("long.messages", String.join(" | ", messages(gd)));
		put("long.fields", String.join("\n", fields(gd)));
		screenshot(gd.getBounds(), "dialog-long-title.png");
		clickToClose(gd, gd.getButtons()[1]);
		onEdt(image::close);
	}

	/** A macro with a wrong value stops, with the plugin's message. */
	private void macroError() throws Exception {
		IJ.log("\\Clear");
		Thread macro = new Thread(() -> IJ.runMacro("run(\"Neural Style\", \"content=coffee.png style=[not open.jpg]\");\n"
			+ "print(\"after the error\");"), "error macro");
		macro.start();
		GenericDialog error = waitFor(() -> {
			GenericDialog d = GenericDialog.getInstance();
			return d != null && d.isShowing() && d.getTitle().contains("Macro Error") ? d : null;
		}, DIALOG_MS, "the macro error message");
		placeBottomLeft(error);
		put("macroError.message", String.join(" | ", messages(error)));
		clickToClose(error, error.getButtons()[0]);
		macro.join(DIALOG_MS);
		put("macroError.log", IJ.getLog());
		put("recorder.text", Recorder.getInstance().getText());
	}

	/**
	 * The other entries of the submenu: what is in it, About, Check Installation (Log and table, saved
	 * as a file), Download Weights (its dialog, cancelled), and the example macros from the jar (Style
	 * Current Image's own dialog, cancelled; Style Folder with a macro's options as its argument; Study
	 * Comparisons and Style Time Lapse stopping at a missing file with their own messages).
	 */
	private void submenu() throws Exception {
		Menu menu = Menus.getImageJMenu("Plugins>Neural Style");
		List<String> items = new ArrayList<>();
		for (int i = 0; i < menu.getItemCount(); i++) {
			String label = menu.getItem(i).getLabel();
			items.add(label);
			if (!label.equals("-")) put("submenu.command." + label, Menus.getCommands().get(label));
		}
		put("submenu.items", String.join(" | ", items));

		IJ.doCommand("About Neural Style...");
		TextWindow about = waitFor(() -> WindowManager.getWindow("About Neural Style") instanceof TextWindow t ? t : null,
			DIALOG_MS, "the About window");
		put("about.text", about.getTextPanel().getText());
		onEdt(about::close);

		IJ.log("\\Clear");
		IJ.doCommand("Check Installation");
		// ResultsTable.show opens the window before it hands the window its table: wait for both.
		TextWindow table = waitFor(() -> WindowManager.getWindow("Neural Style installation") instanceof TextWindow t
			&& t.getResultsTable() != null && t.getResultsTable().size() > 0 ? t : null, RUN_MS,
			"the table of Check Installation");
		ResultsTable rows = table.getResultsTable();
		List<String> statuses = new ArrayList<>();
		for (int r = 0; r < rows.size(); r++) statuses.add(rows.getStringValue("Check", r) + "=" + rows.getStringValue("Status", r));
		put("check.rows", String.join(" | ", statuses));
		put("check.log", IJ.getLog());
		Path saved = work.resolve("installation.csv");
		put("check.saved", rows.save(saved.toString()));
		put("check.savedHeader", Files.readAllLines(saved).get(0));
		screenshot(table.getBounds(), "check-installation.png");
		onEdt(table::close);

		IJ.doCommand("Download Weights...");
		GenericDialog download = waitForDialog("Download Weights");
		List<String> boxes = new ArrayList<>();
		for (Object box : download.getCheckboxes()) {
			Checkbox b = (Checkbox) box;
			boxes.add(b.getName() + "=" + b.getState());
		}
		put("download.boxes", String.join(" | ", boxes));
		put("download.messages", String.join(" | ", messages(download)));
		screenshot(download.getBounds(), "download-weights.png");
		clickToClose(download, download.getButtons()[1]);

		IJ.doCommand("Style Current Image...");
		GenericDialog current = waitForDialog("Style Current Image");
		put("styleCurrent.fields", current.getChoices().size() + " choice(s), " + current.getNumericFields().size()
			+ " number(s)");
		clickToClose(current, current.getButtons()[1]);

		Path empty = Files.createDirectories(work.resolve("empty-input"));
		Path styled = Files.createDirectories(work.resolve("styled"));
		IJ.log("\\Clear");
		IJ.run("Style Folder...", "input=[" + empty + "/] style=[" + samples.resolve("starry_night.jpg") + "] output=["
			+ styled + "/]");
		put("styleFolder.log", IJ.getLog());

		Thread study = new Thread(() -> IJ.run("Study Comparisons...", "content=[/nonexistent/coffee.png] style=[/x.png]"),
			"study macro");
		study.start();
		Window stopped = waitFor(() -> {
			for (Window w : Window.getWindows()) {
				if (w.isShowing() && w instanceof Dialog && messagesOf(w).contains("No content image file")) return w;
			}
			return null;
		}, DIALOG_MS, "the study macro's message about the missing file");
		put("study.message", String.join(" | ", messages((Container) stopped)));
		onEdt(stopped::dispose);
		study.join(DIALOG_MS);

		Thread timeLapse = new Thread(() -> IJ.run("Style Time Lapse...", "content=[/nonexistent/cells.tif] style=[/x.png]"
			+ " output=[" + styled + "]"), "time-lapse macro");
		timeLapse.start();
		Window refused = waitFor(() -> {
			for (Window w : Window.getWindows()) {
				if (w.isShowing() && w instanceof Dialog && messagesOf(w).contains("No time-lapse file")) return w;
			}
			return null;
		}, DIALOG_MS, "the time-lapse macro's message about the missing file");
		put("timeLapse.message", String.join(" | ", messages((Container) refused)));
		onEdt(refused::dispose);
		timeLapse.join(DIALOG_MS);
	}

	private static String messagesOf(Window w) {
		return String.join(" ", messages(w));
	}

	// ---- helpers -------------------------------------------------------------------------------

	/**
	 * Makes an image the active one, as a click on its window does. Activation follows X events, whose
	 * order differs without a window manager: say which, until the late events of earlier windows have
	 * passed.
	 */
	private static void activate(ImagePlus imp) throws Exception {
		waitFor(() -> {
			try {
				onEdt(() -> WindowManager.setCurrentWindow(imp.getWindow()));
				Thread.sleep(300);
				onEdt(() -> {});
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
			return WindowManager.getCurrentImage() == imp ? true : null;
		}, DIALOG_MS, imp.getTitle() + " to be the active image");
	}

	private static void show(ImagePlus imp) throws Exception {
		imp.show();
		waitFor(() -> imp.getWindow() != null && imp.getWindow().isShowing() ? true : null, DIALOG_MS,
			"the window of " + imp.getTitle());
	}

	private static GenericDialog waitForDialog(String title) throws Exception {
		GenericDialog gd = waitFor(() -> {
			GenericDialog d = GenericDialog.getInstance();
			return d != null && d.isShowing() && title.equals(d.getTitle()) ? d : null;
		}, DIALOG_MS, "the dialog '" + title + "'");
		placeBottomRight(gd);
		return gd;
	}

	/**
	 * Sample images scaled to 300 px wide (titles kept), so that their windows stay in the top left
	 * corner, away from the dialogs.
	 */
	private static ImagePlus small(Path file) {
		ImagePlus imp = IJ.openImage(file.toString());
		ImagePlus small = imp.resize(300, imp.getHeight() * 300 / imp.getWidth(), "bilinear");
		small.setTitle(imp.getTitle());
		return small;
	}

	/*
	 * Without a window manager, X stacks windows in the order they were last raised, and ImageJ
	 * raises image windows when it activates them; a dialog placed over an image window may end up
	 * under it and not get the click. Dialogs are therefore moved where no window is and raised.
	 */

	private static void placeBottomRight(Window w) throws Exception {
		Rectangle screen = w.getGraphicsConfiguration().getBounds();
		place(w, screen.x + screen.width - w.getWidth(), screen.y + screen.height - w.getHeight());
	}

	private static void placeBottomLeft(Window w) throws Exception {
		Rectangle screen = w.getGraphicsConfiguration().getBounds();
		place(w, screen.x, screen.y + screen.height - w.getHeight());
	}

	private static void place(Window w, int x, int y) throws Exception {
		settle(w);
		onEdt(() -> {
			w.setLocation(x, y);
			w.toFront();
		});
		settle(w);
	}

	/** Waits until a window stops moving (it is centred after it is shown) and is painted. */
	private static void settle(Window w) throws Exception {
		Point last = null;
		for (int i = 0; i < 40; i++) {
			onEdt(() -> {});
			Point now = w.getLocationOnScreen();
			if (now.equals(last)) break;
			last = now;
			Thread.sleep(100);
		}
		Thread.sleep(300);
	}

	/** The first non-null value within the limit; if there is none, null if {@code what} is null, else an exception. */
	private static <T> T waitFor(Supplier<T> value, long limitMs, String what) throws Exception {
		long end = System.currentTimeMillis() + limitMs;
		while (System.currentTimeMillis() < end) {
			T v = value.get();
			if (v != null) return v;
			Thread.sleep(50);
		}
		if (what == null) return null;
		throw new IllegalStateException("Gave up waiting for " + what + " after " + limitMs / 1000 + " s; log: " + IJ.getLog());
	}

	private static void onEdt(Runnable r) throws Exception {
		EventQueue.invokeAndWait(r);
	}

	private static Choice choice(GenericDialog gd, String name) {
		return (Choice) named(gd, name);
	}

	private static TextField text(GenericDialog gd, String name) {
		return (TextField) named(gd, name);
	}

	private static TextField number(GenericDialog gd, String name) {
		return (TextField) named(gd, name);
	}

	/** The dialog's field for a parameter: its component of that name. */
	private static Component named(Container c, String name) {
		Component found = find(c, name);
		if (found == null) throw new IllegalStateException("the dialog has no field named " + name + ": " + fields(c));
		return found;
	}

	private static Component find(Container c, String name) {
		for (Component child : c.getComponents()) {
			if (name.equals(child.getName())) return child;
			if (child instanceof Container inner) {
				Component found = find(inner, name);
				if (found != null) return found;
			}
		}
		return null;
	}

	/** "name=text" of every named field (choices, text fields, check boxes) in layout order. */
	private static List<String> fields(Container c) {
		List<String> fields = new ArrayList<>();
		for (Component child : c.getComponents()) {
			// AWT names unnamed components "choice0", "textfield3", ...: parameter names have no digits.
			String name = child.getName() != null && child.getName().matches("[a-z]+(_[a-z0-9]+)*") ? child.getName() : null;
			if (child instanceof Choice ch && name != null) fields.add(name + "=" + ch.getSelectedItem());
			else if (child instanceof TextField t && name != null) fields.add(name + "=" + t.getText());
			else if (child instanceof Checkbox b && name != null) fields.add(name + "=" + b.getState());
			else if (child instanceof Container inner) fields.addAll(fields(inner));
		}
		return fields;
	}

	/** Ticks or clears a check box as a person would: the dialog hears the change. */
	private static void check(GenericDialog gd, Checkbox box, boolean state) {
		box.setState(state);
		gd.itemStateChanged(new ItemEvent(box, ItemEvent.ITEM_STATE_CHANGED, box, state ? ItemEvent.SELECTED
			: ItemEvent.DESELECTED));
	}

	/** Selects an item as a person would: the dialog hears the change. */
	private static void select(GenericDialog gd, Choice choice, String item) {
		choice.select(item);
		gd.itemStateChanged(new ItemEvent(choice, ItemEvent.ITEM_STATE_CHANGED, item, ItemEvent.SELECTED));
	}

	/**
	 * Clicks a button of a window until the window closes. Without a window manager, X sometimes
	 * drops the first click on a window that has just been mapped; the clicks needed are counted.
	 */
	private void clickToClose(Window w, Component button) throws Exception {
		for (int attempt = 1; attempt <= 3; attempt++) {
			click(button);
			long end = System.currentTimeMillis() + 3000;
			while (w.isShowing() && System.currentTimeMillis() < end) Thread.sleep(50);
			if (!w.isShowing()) {
				if (attempt > 1) put("clicks.repeated", Integer.parseInt(report.getProperty("clicks.repeated", "0")) + 1);
				return;
			}
		}
		screenshot(new Rectangle(0, 0, 4000, 4000), "click-failed.png");
		throw new IllegalStateException("Three clicks on '" + button + "' at " + button.getLocationOnScreen()
			+ " did not close " + w + " at " + w.getLocationOnScreen() + "; windows: " + windows());
	}

	private static String windows() {
		StringBuilder s = new StringBuilder();
		for (Window w : Window.getWindows()) {
			if (w.isShowing()) s.append(w.getClass().getSimpleName()).append(' ').append(w.getBounds()).append("; ");
		}
		return s.toString();
	}

	/** A real mouse click in the middle of a component. */
	private static void click(Component c) throws Exception {
		Point p = c.getLocationOnScreen();
		Robot robot = new Robot();
		robot.mouseMove(p.x + c.getWidth() / 2, p.y + c.getHeight() / 2);
		robot.delay(100);
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.delay(50);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		robot.waitForIdle();
	}

	private void screenshot(Rectangle area, String name) throws Exception {
		Rectangle r = new Rectangle(area);
		r.grow(6, 6);
		r = r.intersection(GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice()
			.getDefaultConfiguration().getBounds());
		BufferedImage image = new Robot().createScreenCapture(r);
		Files.createDirectories(shots);
		ImageIO.write(image, "png", shots.resolve(name).toFile());
	}

	/** The texts of a dialog's labels and messages, in layout order. */
	private static List<String> messages(Container c) {
		List<String> texts = new ArrayList<>();
		for (Component child : c.getComponents()) {
			if (child instanceof Label l && !l.getText().isBlank()) texts.add(l.getText().strip());
			else if (child instanceof MultiLineLabel m) texts.add(lines(m));
			else if (child instanceof Container inner) texts.addAll(messages(inner));
		}
		return texts;
	}

	/** MultiLineLabel keeps its text only in a package-private field. */
	private static String lines(Object label) {
		return linesOf(label).replace("\n", " ");
	}

	/** A MultiLineLabel's lines as they are shown. */
	private static String linesOf(Object label) {
		try {
			Field f = MultiLineLabel.class.getDeclaredField("lines");
			f.setAccessible(true);
			return String.join("\n", (String[]) f.get(label));
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	private static List<String> items(Choice choice) {
		List<String> items = new ArrayList<>();
		for (int i = 0; i < choice.getItemCount(); i++) items.add(choice.getItem(i));
		return items;
	}

	@SuppressWarnings("unchecked")
	private static <T> T field(Object o, Class<?> owner, String name) {
		try {
			Field f = owner.getDeclaredField(name);
			f.setAccessible(true);
			return (T) f.get(o);
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	private static <T extends Dialog> T window(Class<T> type, String title) {
		for (Window w : Window.getWindows()) {
			if (type.isInstance(w) && w.isShowing() && title.equals(((Dialog) w).getTitle())) return type.cast(w);
		}
		return null;
	}

	private static String recordedLine() {
		List<String> lines = recordedLines();
		return lines.isEmpty() ? null : lines.get(0);
	}

	private static List<String> recordedLines() {
		Recorder recorder = Recorder.getInstance();
		List<String> lines = new ArrayList<>();
		if (recorder == null) return lines;
		for (String l : recorder.getText().split("\\R")) {
			if (l.startsWith("run(\"Neural Style\"")) lines.add(l);
		}
		return lines;
	}

	private static double maxDifference(ImageProcessor a, ImageProcessor b) {
		if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) return Double.POSITIVE_INFINITY;
		double max = 0;
		int channels = a.getNChannels();
		for (int i = 0; i < a.getPixelCount(); i++) {
			if (channels == 3) {
				int p = a.get(i), q = b.get(i);
				for (int shift = 0; shift <= 16; shift += 8) {
					max = Math.max(max, Math.abs((p >> shift & 0xff) - (q >> shift & 0xff)));
				}
			}
			else {
				max = Math.max(max, Math.abs(a.getf(i) - b.getf(i)));
			}
		}
		return max;
	}
}
