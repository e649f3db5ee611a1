import type { ConnectionOptions, NatsConnection } from "nats";
import { NatsConnectionImpl, setTransportFactory } from "nats/lib/nats-base-client/internal_mod";
import { NodeTransport, nodeResolveHost } from "nats/lib/src/node_transport";
import { connect } from "nats";
import { BunSocket } from "./bun-socket.ts";

/** nats.js's own transport, dialling with Bun's sockets (see bun-socket.ts); everything else is nats.js's. */
class BunTransport extends NodeTransport {
  override dial(hp: { hostname: string; port: number }): Promise<never> {
    return BunSocket.connect(hp.hostname, hp.port) as unknown as Promise<never>;
  }
}

/**
 * Connects like nats.js's `connect`, over Bun's sockets unless TLS is asked for (node's then).
 * The transport factory is nats.js's hook for other runtimes. It is process-wide, so it is set
 * before every connection; reconnects use whatever it is then (in a service, always this).
 */
export function connectNats(opts: ConnectionOptions): Promise<NatsConnection> {
  if (opts.tls || process.env.MINT_NATS_NODE_NET) return connect(opts);
  setTransportFactory({ factory: () => new BunTransport(), dnsResolveFn: nodeResolveHost });
  return NatsConnectionImpl.connect(opts);
}
