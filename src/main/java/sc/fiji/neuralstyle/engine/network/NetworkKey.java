package sc.fiji.neuralstyle.engine.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import ai.djl.Device;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.net.Pooling;

/**
 * What makes one loaded feature network differ from another: the network, its weights, the
 * pooling and the device. Settings that differ only in anything else (layers, loss weights, size,
 * optimiser, …) run on one network ({@code StyleTransfer.withSettings}, {@code NetworkCache}).
 *
 * @param network the network's name, e.g. {@code vgg19}
 * @param weights the weights file's identity: its real path, size and modification time, so that a
 *          file replaced under the same name is loaded again; empty for the network's standard
 *          file, which is checked against its SHA-256 and so never changes
 * @param pooling max or average pooling
 * @param device the device, resolved ({@code cpu()}, {@code gpu(0)}): auto is whatever it resolved to
 */
public record NetworkKey(String network, String weights, Pooling pooling, String device) {

	/** The key of the network these settings need on {@code device} (their device setting, resolved). */
	public static NetworkKey of(StyleSettings settings, Device device) {
		return new NetworkKey(settings.network().name(), identity(settings.weights()), settings.pooling(), device.toString());
	}

	/** A weights file's real path, size and modification time; its path as given if it cannot be read. */
	static String identity(Path weights) {
		if (weights == null) return "";
		try {
			Path real = weights.toRealPath();
			BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
			return real + " (" + a.size() + " bytes, modified " + a.lastModifiedTime() + ")";
		}
		catch (IOException e) {
			return weights.toAbsolutePath().normalize().toString();
		}
	}

	@Override
	public String toString() {
		return network + (weights.isEmpty() ? "" : " with weights " + weights) + ", pooling " + pooling.id() + ", on "
			+ device;
	}
}
