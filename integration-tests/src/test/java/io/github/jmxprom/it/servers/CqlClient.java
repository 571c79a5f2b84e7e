package io.github.jmxprom.it.servers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the CQL native protocol (version 4) to run statements against a test node, so that
 * the tests need no Cassandra driver: STARTUP, then one QUERY at a time with consistency ONE; the
 * rows of a result are not decoded. An ERROR answer fails with Cassandra's message.
 *
 * <pre>{@code
 * try (CqlClient cql = CqlClient.connect("127.0.0.1", nativePort)) {
 *   cql.execute("INSERT INTO it.kv (k, v) VALUES (1, 'one')");
 * }
 * }</pre>
 */
public final class CqlClient implements AutoCloseable {

  private static final int VERSION = 0x04;
  private static final int ERROR = 0x00;
  private static final int STARTUP = 0x01;
  private static final int READY = 0x02;
  private static final int QUERY = 0x07;
  private static final int RESULT = 0x08;
  private static final int CONSISTENCY_ONE = 0x0001;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  private CqlClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
  }

  /** Connects and sends STARTUP (CQL 3.0.0, no compression, no authentication). */
  public static CqlClient connect(String host, int port) {
    try {
      Socket socket = new Socket(host, port);
      socket.setSoTimeout(60_000);
      CqlClient client = new CqlClient(socket);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream startup = new DataOutputStream(body);
      startup.writeShort(1); // a string map with one entry
      writeString(startup, "CQL_VERSION");
      writeString(startup, "3.0.0");
      int opcode = client.request(STARTUP, body.toByteArray());
      if (opcode != READY) {
        client.close();
        throw new IllegalStateException("CQL STARTUP answered with opcode " + opcode);
      }
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to CQL on " + host + ":" + port, e);
    }
  }

  /** Runs one statement (DDL, INSERT, SELECT, ...) and waits for its RESULT. */
  public void execute(String statement) {
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream query = new DataOutputStream(body);
      byte[] text = statement.getBytes(StandardCharsets.UTF_8);
      query.writeInt(text.length);
      query.write(text);
      query.writeShort(CONSISTENCY_ONE);
      query.writeByte(0); // no flags: no values, no paging state
      int opcode = request(QUERY, body.toByteArray());
      if (opcode != RESULT) {
        throw new IllegalStateException("CQL answered " + statement + " with opcode " + opcode);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CQL " + statement, e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** Sends one frame (stream 1) and reads the answer's frame; returns its opcode. */
  private int request(int opcode, byte[] body) throws IOException {
    out.writeByte(VERSION);
    out.writeByte(0); // flags
    out.writeShort(1); // stream id
    out.writeByte(opcode);
    out.writeInt(body.length);
    out.write(body);
    out.flush();

    in.readUnsignedByte(); // version | 0x80
    in.readUnsignedByte(); // flags
    in.readShort(); // stream id
    int answer = in.readUnsignedByte();
    byte[] answerBody = new byte[in.readInt()];
    in.readFully(answerBody);
    if (answer == ERROR) {
      DataInputStream error = new DataInputStream(new ByteArrayInputStream(answerBody));
      int code = error.readInt();
      byte[] message = new byte[error.readUnsignedShort()];
      error.readFully(message);
      throw new IllegalStateException(
          "CQL error 0x"
              + Integer.toHexString(code)
              + ": "
              + new String(message, StandardCharsets.UTF_8));
    }
    return answer;
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }
}
