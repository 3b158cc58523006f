// Neural Style example 1: style the active image with a style image from a file.
//
// Interactive: open the image to style, run this macro, choose the style file and a few settings.
// From another macro or headless, pass the settings as an argument (Neural Style's own keys):
//   runMacro("/path/Style_Current_Image.ijm", "style=[/path/starry_night.jpg] size=256 iterations=100");
//   ImageJ-linux64 --headless --console -macro Style_Current_Image.ijm \
//       "content=[/path/coffee.png] style=[/path/starry_night.jpg] output=[/path/coffee_styled.png]"
// Argument keys: style (file, needed), content (file; default: the active image), and any key of
// Neural Style (network, weights, iterations, size, output, loss_log, ...), passed on unchanged.
requires("1.54f");

args = getArgument();
if (args == "") {
	if (nImages == 0) exit("Open the image to style first, then run this macro again.");
	Dialog.create("Style Current Image");
	Dialog.addFile("Style image", "");
	Dialog.addChoice("Network", newArray("vgg19", "vgg16", "alexnet"), "vgg19");
	Dialog.addNumber("Size", 512, 0, 6, "px (longest side)");
	Dialog.addNumber("Iterations", 300, 0, 6, "");
	Dialog.addNumber("Style weight (beta)", 1000, 0, 8, "content weight 1: alpha/beta = 1e-3");
	Dialog.show();
	args = "style=[" + Dialog.getString() + "] network=" + Dialog.getChoice() + " size=" + Dialog.getNumber()
		+ " iterations=" + Dialog.getNumber() + " style_weight=" + Dialog.getNumber();
}

stylePath = value(args, "style", "");
contentPath = value(args, "content", "");
if (stylePath == "" || !File.exists(stylePath)) exit("No style image file: '" + stylePath + "'. Give style=[path of an image file].");
if (contentPath != "") {
	if (!File.exists(contentPath)) exit("No content image file: '" + contentPath + "'.");
	open(contentPath);
}
if (nImages == 0) exit("No image to style: open one, or give content=[path of an image file].");
contentTitle = getTitle();
contentID = getImageID();
open(stylePath);
styleTitle = getTitle();
// Active, so that it is the one meant even if another open image has the same title.
selectImage(contentID);

run("Neural Style", "content=[" + contentTitle + "] style=[" + styleTitle + "]" + passOn(args));
print("Neural Style: '" + contentTitle + "' styled as '" + styleTitle + "' -> '" + getTitle() + "' ("
	+ getWidth() + "x" + getHeight() + ", " + bitDepth() + "-bit)");

// A value from an argument in ImageJ's key=value / key=[value with spaces] form, or the default.
function value(args, key, default) {
	return call("ij.Macro.getValue", args + " ", key, default);
}

// The Neural Style keys of the argument, to pass on unchanged (content and style are set above).
function passOn(args) {
	keys = newArray("network", "weights", "content_layers", "style_layers", "optimizer", "learning_rate",
		"iterations", "content_weight", "style_weight", "tv_weight", "init", "pooling", "size", "style_scale",
		"seed", "device", "preview_every", "channel", "planes", "output", "loss_log");
	s = "";
	for (i = 0; i < keys.length; i++) {
		v = value(args, keys[i], "");
		if (v != "") s = s + " " + keys[i] + "=[" + v + "]";
	}
	if (matches(" " + args + " ", ".*\\spreserve_colors\\s.*")) s = s + " preserve_colors";
	return s;
}
