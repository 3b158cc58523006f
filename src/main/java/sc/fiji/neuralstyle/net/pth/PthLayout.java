package sc.fiji.neuralstyle.net.pth;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;

import sc.fiji.neuralstyle.net.pth.TorchUnpickler.StorageRef;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * One of the ways {@code torch.save} lays out a file: how to get at the pickled object and at the
 * bytes of each storage without reading the others.
 */
abstract class PthLayout implements Closeable {

	final Path file;

	PthLayout(Path file) {
		this.file = file;
	}

	/** Unpickles the saved object; tensors in it are {@link TorchUnpickler.TensorRef}s. */
	abstract Object root() throws IOException;

	/**
	 * A stream positioned at element {@code elementOffset} of storage {@code storage}, which must hold
	 * at least {@code count} elements from there.
	 */
	abstract InputStream open(StorageRef storage, long elementOffset, long count) throws IOException;

	/** The byte order of storage data. */
	ByteOrder byteOrder() {
		return ByteOrder.LITTLE_ENDIAN;
	}

	/** A {@link WeightsException} about this file. */
	WeightsException fail(String what) {
		return WeightsException.unreadable(file, what, null);
	}

	/** Checks that a storage holding {@code available} elements has the requested range. */
	void checkRange(StorageRef storage, long available, long elementOffset, long count) {
		if (elementOffset < 0 || elementOffset + count > available) {
			throw fail("a tensor refers to elements " + elementOffset + ".." + (elementOffset + count)
				+ " of storage " + storage.key() + ", which has only " + available
				+ ". The file is damaged or truncated; download or save it again.");
		}
	}
}
