// Proof that the benchmark works offline: every way this process could open
// a network connection is wrapped, and any attempt is recorded and refused.
// (TensorFlow.js's wasm backend could fetch its .wasm files from a CDN; here
// it must read them from node_modules.)
// Default imports: the modules' own objects, so replacing a function reaches every caller.
import dns from 'node:dns';
import net from 'node:net';

/** Attempts seen so far, as "what: where". */
const attempts: string[] = [];

/** Installs the guard; call before anything else loads. */
export function refuseNetwork(): void {
  const refuse = (what: string, where: unknown): Error => {
    attempts.push(`${what}: ${String(where)}`);
    return new Error(`the benchmark must not use the network (${what} ${String(where)})`);
  };
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
    const [first] = args;
    const target = typeof first === 'object' && first !== null ? ((first as { path?: string }).path ?? `${(first as { host?: string }).host}:${(first as { port?: number }).port}`) : first;
    // Local IPC (a Unix socket or pipe path) is not the network.
    if (typeof target === 'string' && target.startsWith('/')) return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    throw refuse('connect', target);
  } as typeof connect;
  (dns as { lookup: unknown }).lookup = (hostname: string) => {
    throw refuse('dns lookup', hostname);
  };
  if (typeof globalThis.fetch === 'function') {
    globalThis.fetch = (input: Parameters<typeof fetch>[0]) => Promise.reject(refuse('fetch', input instanceof Request ? input.url : input));
  }
}

/** Every refused attempt since the guard was installed. */
export function networkAttempts(): readonly string[] {
  return attempts;
}
