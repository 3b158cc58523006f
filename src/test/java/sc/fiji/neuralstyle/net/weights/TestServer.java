package sc.fiji.neuralstyle.net.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HTTP server on 127.0.0.1 for download tests: serves handlers by path, counts requests, and
 * lets a handler hold its answer until the test ends ({@link #awaitEnd()}), for stalls and cancels.
 */
public final class TestServer implements AutoCloseable {

	private final HttpServer server;
	private final AtomicInteger requests = new AtomicInteger();
	private final CountDownLatch end = new CountDownLatch(1);

	/** Starts a server on a free port. */
	public TestServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(Executors.newCachedThreadPool());
		server.start();
	}

	/** Serves {@code handler} at {@code path}; returns its URL. */
	public String serve(String path, HttpHandler handler) {
		server.createContext(path, exchange -> {
			requests.incrementAndGet();
			try {
				handler.handle(exchange);
			}
			finally {
				exchange.close();
			}
		});
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	/** Answers 200 with the whole body. */
	public static void send(HttpExchange exchange, byte[] body) throws IOException {
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/** How many requests came. */
	public int requests() {
		return requests.get();
	}

	/** For a handler: waits until the test ends (the server is closed), sending nothing more. */
	public void awaitEnd() {
		try {
			end.await();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		end.countDown();
		server.stop(0);
		((ExecutorService) server.getExecutor()).shutdownNow();
	}
}
