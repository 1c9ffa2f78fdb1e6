/**
 * The API handler registry: one file per Kafka API key, as in franz-go's kfake.
 *
 * ## Adding an API handler
 *
 * 1. Create `src/testkit/broker/api/NN-kebab-name.ts`, NN being the two-digit API key
 *    (`12-heartbeat.ts`; keys ≥ 100 use three digits). The loader imports every file in
 *    this folder whose name starts with digits and a dash, so nothing else needs editing.
 * 2. Open it with a comment: `Heartbeat: v0-4`, then **Behavior** bullets (including what
 *    is not implemented), then **Version notes**.
 * 3. `export default defineApi({ key, name, minVersion, maxVersion, request, response,
 *    handle, errorResponse })`, with `request`/`response` the generated schemas from
 *    `../protocol/messages.generated.js` (`HeartbeatRequest`, `HeartbeatResponse`). The
 *    version range is what ApiVersions advertises, so advertise only versions the handler
 *    implements exactly. Decoding, encoding, header versions and tag sections are done for
 *    you; the generated types say which fields each version has.
 * 4. `handle(ctx, request)` returns the response (or a promise of it; or `undefined` to
 *    send nothing, as for acks=0 Produce). Keep state changes synchronous: read and mutate
 *    `ctx.cluster` without an `await` in between, so no other request interleaves.
 * 5. `errorResponse(ctx, request, errorCode)` builds a response with `errorCode` in every
 *    error field. It answers injected faults (`EmbeddedKafka.failNext`) and a handler that
 *    throws (with UNKNOWN_SERVER_ERROR), so it must not touch state. Returning `undefined`
 *    sends nothing, as for handle.
 * 6. A thrown error never takes the broker down: it is logged and answered through
 *    `errorResponse`. The fuzz spec sends random well-formed requests to every advertised
 *    API and version, and fails on any non-group handler that throws or builds an
 *    unencodable reply.
 *
 * ## What a handler gets
 *
 * `ctx.cluster` is the {@link Cluster} (topics, partition logs, brokers, transactions,
 * faults, `log`). `ctx.broker` is the node the request arrived on, for NOT_COORDINATOR /
 * NOT_LEADER_OR_FOLLOWER checks (`ctx.cluster.controllerId()`, `ctx.cluster.liveBrokers()`).
 * `ctx.connection` identifies the client connection (`remote` address, a numeric `id`) and
 * `ctx.connection.closed` aborts when it closes or the broker stops; pass it to
 * `ctx.cluster.sleep(ms, signal)` or use it to drop a parked request. `ctx.clientId`,
 * `ctx.apiVersion` and `ctx.correlationId` come from the request header. Per-cluster state
 * of another module belongs in a cluster extension:
 * `export const groupsKey: ExtensionKey<GroupCoordinator> = { name: 'groups', create: (c) =>
 * new GroupCoordinator(c), close: (g) => g.close() }` and then `ctx.cluster.extension(groupsKey)`;
 * `close` runs when the broker stops, so clear timers there.
 *
 * Group offsets written by transactions (TxnOffsetCommit, EndTxn) reach the group module
 * through `provideTxnOffsetHooks` (`../txnOffsets.ts`, re-exported by `../transactions.ts`); the transaction coordinator's
 * broker for FindCoordinator key type 1 is `ctx.cluster.transactions.coordinatorFor(id)`.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrokerNode, Cluster } from '../Cluster.js';
import { decodeMessage, encodeMessage } from '../protocol/codec.js';
import type { Reader } from '../protocol/Reader.js';
import type { MessageSchema, VersionRange } from '../protocol/schema.js';
import type { Writer } from '../protocol/Writer.js';

/** The client connection a request came from. */
export interface ConnectionInfo {
  /** Increasing per broker process; stable for the life of the connection. */
  readonly id: number;
  /** `host:port` of the client. */
  readonly remote: string;
  /** Aborts when the connection closes or the broker stops. */
  readonly closed: AbortSignal;
}

/** Everything a handler may use besides the decoded request. */
export interface RequestContext {
  readonly cluster: Cluster;
  /** The broker the request arrived on. */
  readonly broker: BrokerNode;
  readonly apis: ApiRegistry;
  readonly connection: ConnectionInfo;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/** What a handler file passes to {@link defineApi}. */
export interface ApiDefinition<Req, Res> {
  readonly key: number;
  /** Kafka's name for the API, e.g. `Produce`; used in log lines. */
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly request: MessageSchema<Req>;
  readonly response: MessageSchema<Res>;
  handle(ctx: RequestContext, request: Req): Res | undefined | Promise<Res | undefined>;
  /** Like handle, undefined means no response (acks=0 Produce). */
  errorResponse(ctx: RequestContext, request: Req, errorCode: number): Res | undefined;
  /**
   * Answer for a request at a version outside the range, or undefined to close the
   * connection as Kafka does. Only ApiVersions answers (in v0 form, KIP-511).
   */
  unsupportedVersion?(ctx: RequestContext): { version: number; response: Res } | undefined;
}

/** Writes a response body at the request's version. */
export type BodyWriter = (w: Writer) => void;

/** A request decoded and bound to its handler, ready to run or to fail. */
export interface BoundRequest {
  run(ctx: RequestContext): Promise<BodyWriter | undefined>;
  fail(ctx: RequestContext, errorCode: number): BodyWriter | undefined;
}

/** A registered handler with its types erased, as the connection sees it. */
export interface ApiHandler {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Flexible versions of the request, which pick the request and response header. */
  readonly flexibleVersions: VersionRange;
  /** Decodes the body; throws DecodeError on malformed input. */
  bind(r: Reader, version: number): BoundRequest;
  unsupportedVersion(ctx: RequestContext): { version: number; body: BodyWriter } | undefined;
}

/** Wraps a typed definition into a registry entry. */
export function defineApi<Req, Res>(def: ApiDefinition<Req, Res>): ApiHandler {
  const writer =
    (version: number, res: Res): BodyWriter =>
    (w) => {
      encodeMessage(def.response, w, version, res);
    };
  return {
    key: def.key,
    name: def.name,
    minVersion: def.minVersion,
    maxVersion: def.maxVersion,
    flexibleVersions: def.request.flexibleVersions,
    bind(r, version) {
      const req = decodeMessage(def.request, r, version);
      return {
        async run(ctx) {
          const res = await def.handle(ctx, req);
          return res === undefined ? undefined : writer(version, res);
        },
        fail(ctx, code) {
          const res = def.errorResponse(ctx, req, code);
          return res === undefined ? undefined : writer(version, res);
        },
      };
    },
    unsupportedVersion(ctx) {
      const answer = def.unsupportedVersion?.(ctx);
      return answer === undefined
        ? undefined
        : { version: answer.version, body: writer(answer.version, answer.response) };
    },
  };
}

/** Handlers by API key. */
export class ApiRegistry {
  private readonly handlers = new Map<number, ApiHandler>();

  register(handler: ApiHandler): void {
    const existing = this.handlers.get(handler.key);
    if (existing !== undefined) {
      throw new Error(
        `registry: cannot register ${handler.name} (key ${handler.key}): ${existing.name} already has that key`,
      );
    }
    this.handlers.set(handler.key, handler);
  }

  get(key: number): ApiHandler | undefined {
    return this.handlers.get(key);
  }

  /** All handlers in API key order, as ApiVersions lists them. */
  all(): ApiHandler[] {
    return [...this.handlers.values()].sort((a, b) => a.key - b.key);
  }
}

const HANDLER_FILE = /^\d{2,3}-[a-z0-9-]+\.(js|ts)$/;

function isApiHandler(v: unknown): v is ApiHandler {
  return (
    typeof v === 'object' &&
    v !== null &&
    'key' in v &&
    typeof v.key === 'number' &&
    'bind' in v &&
    typeof v.bind === 'function'
  );
}

let loaded: Promise<ApiRegistry> | undefined;

/**
 * Imports every `NN-name` handler file next to this module (compiled `.js` in `dist`,
 * `.ts` under tsx and vitest) once per process, and registers their default exports.
 */
export function loadApiRegistry(): Promise<ApiRegistry> {
  loaded ??= (async () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const ownExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const files = (await readdir(dir))
      .filter((f) => HANDLER_FILE.test(f) && f.endsWith(ownExtension))
      .sort();
    const registry = new ApiRegistry();
    for (const file of files) {
      const mod: unknown = await import(pathToFileURL(`${dir}/${file}`).href);
      const handler: unknown =
        typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : undefined;
      if (!isApiHandler(handler)) {
        throw new Error(`registry: cannot load ${file}: its default export is not defineApi(...)`);
      }
      registry.register(handler);
    }
    return registry;
  })();
  return loaded;
}
