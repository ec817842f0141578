import net from 'node:net';

/**
 * Test-only: ports on 127.0.0.1 that fail a client in the two ways a network can — nobody there
 * (connection refused), or somebody there who never answers (a timeout).
 */

/** A port nothing listens on: bound by the OS for a moment, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A server that accepts connections and then says nothing, like a firewall that swallows the
 * handshake. `close` ends the connections it holds as well as the server.
 */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
