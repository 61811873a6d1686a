package io.vectorgrad.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.Function;

/**
 * The per-step exchange of a barrier stage over plain TCP, star-shaped: task 0 listens, publishes its
 * address once through the barrier's {@code allGather}, and keeps one connection to every other task.
 * Each step the others send their message to task 0 ({@link #gather}); task 0 reduces and sends the result
 * back ({@link #broadcast}). One RPC per step through Spark's driver ({@code BarrierTaskContext.allGather})
 * waits in steps of a second, far longer than a training step: hence sockets after the first handshake.
 * Messages have a fixed size per run, so the buffers are allocated once. Reads time out every second to
 * check whether Spark killed the task (a failed peer fails the barrier stage).
 */
final class SocketExchange implements DataParallelTrainer.Exchange, AutoCloseable {
  /** How often a blocked read checks for a kill. */
  static final int POLL_MILLIS = 1000;
  private final int part;
  private final int parts;
  private final Runnable killCheck;
  private ServerSocket server;
  private final Socket[] peers;
  private final DataInputStream[] in;
  private final DataOutputStream[] out;
  private byte[][] gathered;
  private byte[] received;

  /**
   * @param host the address task 0 binds to and the others reach it at (the executor's host)
   * @param allGather the barrier's one-time all-gather of strings, in partition order
   * @param killCheck throws when Spark killed the task (TaskContext.killTaskIfInterrupted)
   */
  SocketExchange(int part, int parts, String host, Function<String, String[]> allGather, Runnable killCheck) {
    this.part = part;
    this.parts = parts;
    this.killCheck = killCheck;
    this.peers = new Socket[parts];
    this.in = new DataInputStream[parts];
    this.out = new DataOutputStream[parts];
    try {
      String mine = "";
      if (part == 0) {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), parts);
        server.setSoTimeout(POLL_MILLIS);
        mine = host + ":" + server.getLocalPort();
      }
      String root = allGather.apply(mine)[0];
      if (part == 0) {
        for (int k = 1; k < parts; k++) {
          Socket s = accept();
          DataInputStream i = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
          int id = readInt(i);
          if (id < 1 || id >= parts || peers[id] != null) {
            throw new IOException("task 0 got a connection claiming partition " + id + " of " + parts);
          }
          peers[id] = s;
          in[id] = i;
          out[id] = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
        }
      } else {
        int colon = root.lastIndexOf(':');
        Socket s = new Socket();
        s.connect(new InetSocketAddress(root.substring(0, colon), Integer.parseInt(root.substring(colon + 1))),
            60_000);
        s.setTcpNoDelay(true);
        s.setSoTimeout(POLL_MILLIS);
        peers[0] = s;
        in[0] = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
        out[0] = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
        out[0].writeInt(part);
        out[0].flush();
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("task " + part + " of " + parts + ": setting up the all-reduce connections: "
          + e.getMessage(), e);
    }
  }

  private Socket accept() throws IOException {
    while (true) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        s.setSoTimeout(POLL_MILLIS);
        return s;
      } catch (SocketTimeoutException e) {
        killCheck.run();
      }
    }
  }

  @Override
  public byte[][] gather(byte[] message, int length) {
    try {
      if (part == 0) {
        if (gathered == null) {
          gathered = new byte[parts][];
        }
        gathered[0] = message;
        for (int q = 1; q < parts; q++) {
          int n = readInt(in[q]);
          if (gathered[q] == null || gathered[q].length < n) {
            gathered[q] = new byte[n];
          }
          readFully(in[q], gathered[q], n);
        }
        return gathered;
      }
      out[0].writeInt(length);
      out[0].write(message, 0, length);
      out[0].flush();
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("task " + part + " of " + parts + ": all-reduce gather: " + e.getMessage(), e);
    }
  }

  /**
   * Two tasks: this task's message goes out on a sender thread while the other's is read here, so both
   * directions move at once (both writing first could fill the socket buffers and block each other).
   */
  @Override
  public byte[] swap(byte[] message, int length) {
    if (parts != 2) {
      throw new IllegalStateException("swap needs exactly 2 tasks, not " + parts);
    }
    int peer = 1 - part;
    Sender s = sender();
    s.send(message, length);
    boolean read = false;
    try {
      int n = readInt(in[peer]);
      if (received == null || received.length < n) {
        received = new byte[n];
      }
      readFully(in[peer], received, n);
      read = true;
    } catch (IOException e) {
      throw new UncheckedIOException("task " + part + " of " + parts + ": swap: " + e.getMessage(), e);
    } finally {
      if (!read) {
        // a failed peer or a killed task: closing the connection ends a write the peer will never read
        closeQuietly(peers[peer]);
        s.done.acquireUninterruptibly();
      }
    }
    s.awaitSent();
    return received;
  }

  private Sender sender;

  private Sender sender() {
    if (sender == null) {
      sender = new Sender(out[1 - part], "vectorgrad-exchange-send-" + part);
      sender.start();
    }
    return sender;
  }

  /** Writes one message per {@link #send}; reused for every step (no allocation per step). */
  private final class Sender extends Thread {
    private final DataOutputStream stream;
    private final java.util.concurrent.Semaphore go = new java.util.concurrent.Semaphore(0);
    private final java.util.concurrent.Semaphore done = new java.util.concurrent.Semaphore(0);
    private byte[] message;
    private int length;
    private IOException failure;
    private volatile boolean closed;

    Sender(DataOutputStream stream, String name) {
      super(name);
      this.stream = stream;
      setDaemon(true);
    }

    void send(byte[] m, int n) {
      message = m;
      length = n;
      go.release();
    }

    /** Waits for the message to be written; rethrows the writer's failure. */
    void awaitSent() {
      done.acquireUninterruptibly();
      IOException f = failure;
      if (f != null) {
        failure = null;
        throw new UncheckedIOException("task " + part + " of " + parts + ": swap send: " + f.getMessage(), f);
      }
    }

    @Override
    public void run() {
      while (true) {
        go.acquireUninterruptibly();
        if (closed) {
          return;
        }
        try {
          stream.writeInt(length);
          stream.write(message, 0, length);
          stream.flush();
        } catch (IOException e) {
          failure = e;
        }
        message = null;
        done.release();
      }
    }

    void shutDown() {
      closed = true;
      go.release();
    }
  }

  @Override
  public byte[] broadcast(byte[] result, int length) {
    try {
      if (part == 0) {
        for (int q = 1; q < parts; q++) {
          out[q].writeInt(length);
          out[q].write(result, 0, length);
          out[q].flush();
        }
        return result;
      }
      int n = readInt(in[0]);
      if (received == null || received.length < n) {
        received = new byte[n];
      }
      readFully(in[0], received, n);
      return received;
    } catch (IOException e) {
      throw new UncheckedIOException("task " + part + " of " + parts + ": all-reduce broadcast: " + e.getMessage(), e);
    }
  }

  private final byte[] intBytes = new byte[4];

  private int readInt(InputStream s) throws IOException {
    readFully(s, intBytes, 4);
    return ((intBytes[0] & 0xff) << 24) | ((intBytes[1] & 0xff) << 16) | ((intBytes[2] & 0xff) << 8)
        | (intBytes[3] & 0xff);
  }

  /** readFully that survives the poll timeouts (and checks for a kill at each). */
  private void readFully(InputStream s, byte[] b, int n) throws IOException {
    int off = 0;
    while (off < n) {
      int k;
      try {
        k = s.read(b, off, n - off);
      } catch (SocketTimeoutException e) {
        killCheck.run();
        continue;
      }
      if (k < 0) {
        throw new IOException("connection closed after " + off + " of " + n + " bytes (a peer task failed?)");
      }
      off += k;
    }
  }

  @Override
  public void close() {
    if (sender != null) {
      sender.shutDown();
    }
    for (Socket s : peers) {
      closeQuietly(s);
    }
    closeQuietly(server);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing after a failure: the first error is what matters
      }
    }
  }
}
