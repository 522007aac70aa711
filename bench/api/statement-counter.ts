/**
 * Counts the SQL statements a server sends to PostgreSQL, whatever its
 * driver, by sitting between the two as a TCP relay that reads the frontend
 * side of the wire protocol: each simple `Query` ('Q') and each extended
 * `Execute` ('E') message is one statement, BEGIN and COMMIT included.
 *
 * pg_stat_statements would say the same from inside PostgreSQL, but it
 * needs `shared_preload_libraries` and a restart of the shared server; the
 * relay needs neither. It adds a hop, so servers run through it only while
 * statements are counted, never while they are timed.
 */
import { connect, createServer, type AddressInfo, type Socket } from "node:net";

const QUERY = 0x51;
const EXECUTE = 0x45;
/** Startup-phase requests after which the client sends another untyped startup message. */
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;

export interface StatementCounter {
  /** `url` with its host and port replaced by the relay's. */
  url: string;
  statements(): number;
  close(): Promise<void>;
}

/** Follows one client's byte stream message by message, calling `onStatement` for each Query and Execute. */
function frontendParser(onStatement: () => void) {
  let pending: Buffer = Buffer.alloc(0);
  let startup = true;
  return (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      // Startup messages have no type byte: int32 length (including itself), int32 code, ...
      const header = startup ? 8 : 5;
      if (pending.length < header) return;
      const length = startup ? pending.readInt32BE(0) : pending.readInt32BE(1) + 1;
      if (pending.length < length) return;
      if (startup) {
        const code = pending.readInt32BE(4);
        startup = code === SSL_REQUEST || code === GSSENC_REQUEST;
      } else if (pending[0] === QUERY || pending[0] === EXECUTE) onStatement();
      pending = pending.subarray(length);
    }
  };
}

export async function startStatementCounter(databaseUrl: string): Promise<StatementCounter> {
  const target = new URL(databaseUrl);
  const upstream = { host: target.hostname, port: Number(target.port || 5432) };
  let count = 0;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const backend = connect(upstream);
    for (const socket of [client, backend]) {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        backend.destroy();
      });
    }
    const parse = frontendParser(() => count++);
    client.on("data", (chunk: Buffer) => {
      parse(chunk);
      backend.write(chunk);
    });
    client.once("end", () => backend.end());
    backend.pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const relayed = new URL(databaseUrl);
  relayed.hostname = "127.0.0.1";
  relayed.port = String((relay.address() as AddressInfo).port);
  return {
    url: relayed.toString(),
    statements: () => count,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(() => resolve());
      }),
  };
}
