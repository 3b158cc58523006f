package sc.fiji.neuralstyle.setup;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import ai.djl.engine.Engine;
import sc.fiji.neuralstyle.net.ModelDescriptor;

/**
 * The About text: versions, the method's papers, the licence, and where each network's weights come
 * from under which terms. Shown by Plugins › Neural Style › About and {@code neural-style --version}.
 */
public final class About {

	/** The project's page (the pom's url), where README is. */
	public static final String PAGE = "https://imagej.net/plugins/neural-style";

	/**
	 * Where the project's page shows the files of docs/ (as a repository's web page shows the files of its
	 * main branch): this and a page's file name, e.g. fiji.md, what the dialogs' Help buttons open.
	 */
	public static final String DOCS = PAGE + "/blob/main/docs/";

	/** What each weights server's files are and under which terms they may be used, by host. */
	private static final Map<String, String> TERMS = Map.of(
		"download.pytorch.org", "torchvision's pretrained weights, trained on ImageNet. torchvision says that pretrained "
			+ "models may have licences or terms of their own, derived from the data they were trained on, and that it "
			+ "is the user's responsibility to find out whether their use is permitted.",
		"web.eecs.umich.edu", "the VGG group's ILSVRC-2014 models (K. Simonyan and A. Zisserman, University of Oxford, "
			+ "arXiv:1409.1556), released by them under the Creative Commons Attribution licence (cite the paper when "
			+ "you use them), converted from Caffe to PyTorch by J. Johnson.");

	private About() {}

	/** This plugin's version, from the jar's Maven properties; "development build" when run from classes. */
	public static String version() {
		try (InputStream in = About.class.getResourceAsStream("/META-INF/maven/sc.fiji/neural-style/pom.properties")) {
			if (in != null) {
				Properties p = new Properties();
				p.load(in);
				String v = p.getProperty("version");
				if (v != null) return v;
			}
		}
		catch (IOException e) {
			// reported as unknown
		}
		return "development build";
	}

	/** The PyTorch version DJL's engine jar expects, without starting it. */
	static String pytorchVersion() {
		try (InputStream in = About.class.getClassLoader().getResourceAsStream("pytorch-engine.properties")) {
			if (in != null) {
				Properties p = new Properties();
				p.load(in);
				return p.getProperty("pytorch_version", "unknown");
			}
		}
		catch (IOException e) {
			// unknown
		}
		return "unknown";
	}

	/**
	 * The About text, one paragraph per line group.
	 *
	 * @param host "ImageJ 1.54p" or "the command line", for the versions line
	 */
	public static String text(String host) {
		List<String> lines = new ArrayList<>();
		lines.add("Neural Style for Fiji " + version() + ", " + PAGE);
		lines.add("Runs in " + host + " on Java " + Runtime.version() + "; computes with Deep Java Library "
			+ Engine.getDjlVersion() + " (Apache 2.0) and PyTorch " + pytorchVersion()
			+ " (BSD-style licence).");
		lines.add("");
		lines.add("Re-renders an image in the style of another by the method of L. A. Gatys, A. S. Ecker and M. Bethge:");
		lines.add("  \"A Neural Algorithm of Artistic Style\", arXiv:1508.06576 (2015);");
		lines.add("  \"Image Style Transfer Using Convolutional Neural Networks\", CVPR 2016;");
		lines.add("  style controls after Gatys et al., \"Controlling Perceptual Factors in Neural Style Transfer\", CVPR 2017.");
		lines.add("");
		lines.add("Licence: BSD 2-Clause (the plugin's code). The weights are not part of it: each network's file is "
			+ "downloaded on first use (or with Download Weights) from");
		Map<String, List<String>> byHost = new LinkedHashMap<>();
		for (String name : ModelDescriptor.available()) {
			ModelDescriptor d = ModelDescriptor.load(name);
			lines.add("  " + d.name() + ": " + d.url() + " (" + d.sizeText() + ")");
			byHost.computeIfAbsent(URI.create(d.url()).getHost(), h -> new ArrayList<>()).add(d.name());
		}
		lines.add("");
		byHost.forEach((host2, names) -> lines.add(String.join(", ", names) + ": " + TERMS.getOrDefault(host2,
			"see " + host2 + " for the terms of these weights.")));
		return String.join("\n", lines);
	}
}
