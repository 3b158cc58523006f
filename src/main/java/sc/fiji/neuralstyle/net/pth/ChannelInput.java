package sc.fiji.neuralstyle.net.pth;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A buffered stream over a file channel that knows its position and can seek, so a pickle can be
 * parsed from the middle of a file and the raw data after it skipped without reading it. Closing it
 * leaves the channel open.
 */
final class ChannelInput extends InputStream {

	private final FileChannel channel;
	private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
	/** File position of {@code buffer}'s first byte. */
	private long bufferStart;

	ChannelInput(FileChannel channel, long position) {
		this.channel = channel;
		seek(position);
	}

	/** The file position of the next byte read. */
	long position() {
		return bufferStart + buffer.position();
	}

	void seek(long position) {
		bufferStart = position;
		buffer.position(0).limit(0);
	}

	@Override
	public int read() throws IOException {
		if (!buffer.hasRemaining() && !fill()) return -1;
		return buffer.get() & 0xff;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (len == 0) return 0;
		if (!buffer.hasRemaining()) {
			if (len >= buffer.capacity()) {
				// Large reads (tensor data) go straight into the caller's array.
				int n = channel.read(ByteBuffer.wrap(b, off, len), bufferStart);
				if (n > 0) bufferStart += n;
				return n;
			}
			if (!fill()) return -1;
		}
		int n = Math.min(len, buffer.remaining());
		buffer.get(b, off, n);
		return n;
	}

	/** Reads a little-endian int64 at the current position. */
	long readLongLE() throws IOException {
		return readLE(8).getLong();
	}

	/** Reads a little-endian int32 at the current position. */
	int readIntLE() throws IOException {
		return readLE(4).getInt();
	}

	private ByteBuffer readLE(int n) throws IOException {
		byte[] b = new byte[n];
		int done = 0;
		while (done < n) {
			int r = read(b, done, n - done);
			if (r < 0) throw new EOFException("file ends at byte " + position());
			done += r;
		}
		return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
	}

	private boolean fill() throws IOException {
		bufferStart += buffer.limit();
		buffer.clear();
		int n = channel.read(buffer, bufferStart);
		buffer.flip();
		return n > 0;
	}

	@Override
	public void close() {
		// The channel belongs to the layout that opened it.
	}
}
