package sc.fiji.neuralstyle.fiji;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.text.TextWindow;
import ij.plugin.PlugIn;
import sc.fiji.neuralstyle.setup.About;

/** Plugins › Neural Style › About Neural Style: versions, the papers, the licence, the weights' sources and terms. */
public class AboutPlugin implements PlugIn {

	/** The window's title. */
	static final String TITLE = "About Neural Style";

	@Override
	public void run(String arg) {
		String text = About.text("ImageJ " + FijiMachine.imageJ());
		if (GraphicsEnvironment.isHeadless()) {
			IJ.log(text);
			return;
		}
		new TextWindow(TITLE, text, 760, 520);
	}
}
