package cn.docsearch.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

final class Ports {
    /*
     * Below Linux's ephemeral range (32768-60999 by default). A port the kernel hands to bind(0) or to an outgoing
     * connection is drawn from that range, so a port chosen there and left unbound until its process starts could be
     * taken in between; a CI run once found the test Elasticsearch's transport port listened on by another process.
     */
    static final int LOWEST = 20000;
    static final int HIGHEST = 32000;
    private static final int ATTEMPTS = 1000;
    /** Every port this class loader handed out: two components of one platform never get the same one. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    static int free() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port between " + LOWEST + " and " + HIGHEST + " on this machine");
    }

    /** Whether a server could listen on this port on every address now (nothing is bound to it, or lingers on it). */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void requireFree(int port, String owner) throws IOException {
        if (accepting(port)) {
            throw new IOException("Port " + port + " for " + owner + " is already in use by another process; "
                    + "stop it or choose another port (see docs/configuration.md)");
        }
    }
}
