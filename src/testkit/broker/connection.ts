/**
 * One client connection: size-prefixed framing over TCP, then strictly one request at a
 * time, answered in arrival order. Kafka mutes a connection while a response is pending,
 * and idempotent producers that pipeline Produce requests depend on that order.
 *
 * A frame that cannot be parsed, an unknown API key or an unadvertised version is logged
 * and closes this connection only; nothing a client sends can throw out of here.
 */
import type { Socket } from 'node:net';
import type {
  ApiHandler,
  ApiRegistry,
  BodyWriter,
  ConnectionInfo,
  RequestContext,
} from './api/registry.js';
import type { BrokerNode, Cluster } from './Cluster.js';
import { ErrorCode } from './errors.js';
import {
  peekHeaderPrefix,
  readRequestHeader,
  requestHeaderVersion,
  responseFrame,
  responseHeaderVersion,
} from './protocol/headers.js';
import { apiMessages } from './protocol/messages.generated.js';
import { DecodeError, Reader } from './protocol/Reader.js';

/** Kafka's `socket.request.max.bytes` default: larger frames close the connection. */
export const MAX_REQUEST_BYTES = 100 * 1024 * 1024;
/** Parsed frames held before the socket is paused, bounding memory per connection. */
const MAX_QUEUED_FRAMES = 16;

export class Connection implements ConnectionInfo {
  readonly remote: string;
  readonly closed: AbortSignal;
  private readonly controller = new AbortController();
  /** Received bytes not yet cut into frames; concatenated only when a frame is complete. */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  /** Size of the frame being received, or -1 while its size prefix is incomplete. */
  private frameSize = -1;
  private readonly queue: Buffer[] = [];
  private isBusy = false;

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly cluster: Cluster,
    private readonly broker: BrokerNode,
    private readonly apis: ApiRegistry,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    this.closed = this.controller.signal;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.onData(chunk);
    });
    socket.on('close', () => {
      this.controller.abort();
    });
    // Resets and broken pipes are the client's business; 'close' follows and cleans up.
    socket.on('error', () => undefined);
  }

  /** Closes the socket at once; queued requests are dropped. */
  destroy(): void {
    this.queue.length = 0;
    this.socket.destroy();
    this.controller.abort();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.chunkBytes += chunk.length;
    for (;;) {
      if (this.frameSize < 0) {
        if (this.chunkBytes < 4) break;
        const size = this.take(4).readInt32BE(0);
        if (size < 0 || size > MAX_REQUEST_BYTES) {
          this.cluster.log(
            `broker: malformed request from ${this.remote} at byte 0: frame size ${size} is outside 0..${MAX_REQUEST_BYTES} (socket.request.max.bytes)`,
          );
          this.destroy();
          return;
        }
        this.frameSize = size;
      }
      if (this.chunkBytes < this.frameSize) break;
      this.queue.push(this.take(this.frameSize));
      this.frameSize = -1;
    }
    if (this.queue.length >= MAX_QUEUED_FRAMES) this.socket.pause();
    if (!this.isBusy && this.queue.length > 0) void this.drain();
  }

  /** Removes and returns the first `n` buffered bytes (n ≤ chunkBytes). */
  private take(n: number): Buffer {
    const all =
      this.chunks.length === 1
        ? (this.chunks[0] ?? Buffer.alloc(0))
        : Buffer.concat(this.chunks, this.chunkBytes);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.chunkBytes = rest.length;
    return out;
  }

  private async drain(): Promise<void> {
    this.isBusy = true;
    try {
      while (this.queue.length > 0 && !this.closed.aborted) {
        const frame = this.queue.shift();
        if (frame === undefined) break;
        if (this.queue.length < MAX_QUEUED_FRAMES / 2) this.socket.resume();
        await this.process(frame);
      }
    } catch (err) {
      // process() handles every expected failure; this is a last guard for the broker's life.
      this.cluster.log(`broker: connection ${this.remote} failed: ${String(err)}`);
      this.destroy();
    } finally {
      this.isBusy = false;
    }
  }

  private malformed(label: string, offset: number, reason: string): void {
    this.cluster.log(`broker: malformed ${label} from ${this.remote} at byte ${offset}: ${reason}`);
    this.destroy();
  }

  private async process(frame: Buffer): Promise<void> {
    const prefix = peekHeaderPrefix(frame);
    if (prefix === undefined) {
      this.malformed(
        'request',
        0,
        `frame of ${frame.length} bytes is shorter than a request header`,
      );
      return;
    }
    const { apiKey, apiVersion, correlationId } = prefix;
    const handler = this.apis.get(apiKey);
    const name = handler?.name ?? apiMessages.get(apiKey)?.name ?? `ApiKey(${apiKey})`;
    const label = `${name} v${apiVersion} request (correlation ${correlationId})`;
    if (handler === undefined) {
      const why = apiMessages.has(apiKey)
        ? `${name} is not implemented`
        : `unknown API key ${apiKey}`;
      this.malformed(label, 0, why);
      return;
    }
    const r = new Reader(frame);
    let clientId: string | null;
    try {
      clientId = readRequestHeader(
        r,
        requestHeaderVersion(handler.flexibleVersions, apiVersion),
      ).clientId;
    } catch (err) {
      this.rejectDecode(label, err);
      return;
    }
    const ctx: RequestContext = {
      cluster: this.cluster,
      broker: this.broker,
      apis: this.apis,
      connection: this,
      apiKey,
      apiVersion,
      correlationId,
      clientId,
    };
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      this.unsupported(ctx, handler, label);
      return;
    }
    let body: BodyWriter | undefined;
    try {
      const bound = handler.bind(r, apiVersion);
      if (r.remaining() !== 0) r.fail(`${r.remaining()} unexpected bytes after the request body`);
      const injected = this.cluster.faults.takeFailure(apiKey);
      body = injected === undefined ? await this.run(ctx, label, bound) : bound.fail(ctx, injected);
    } catch (err) {
      this.rejectDecode(label, err);
      return;
    }
    const delay = this.cluster.faults.delayFor(apiKey);
    if (delay > 0) await this.cluster.sleep(delay, this.closed);
    if (this.cluster.faults.takeDrop(apiKey)) {
      this.destroy();
      return;
    }
    if (body !== undefined) {
      this.send(
        ctx,
        label,
        body,
        responseHeaderVersion(apiKey, handler.flexibleVersions, apiVersion),
      );
    }
  }

  /** Runs the handler; a throwing handler is logged and answered with UNKNOWN_SERVER_ERROR. */
  private async run(
    ctx: RequestContext,
    label: string,
    bound: ReturnType<ApiHandler['bind']>,
  ): Promise<BodyWriter | undefined> {
    try {
      return await bound.run(ctx);
    } catch (err) {
      this.cluster.log(
        `broker: ${label} from ${this.remote} failed in its handler: ${errorText(err)}`,
      );
      return bound.fail(ctx, ErrorCode.UNKNOWN_SERVER_ERROR);
    }
  }

  private rejectDecode(label: string, err: unknown): void {
    if (err instanceof DecodeError) this.malformed(label, err.offset, err.reason);
    else this.malformed(label, 0, errorText(err));
  }

  private unsupported(ctx: RequestContext, handler: ApiHandler, label: string): void {
    const answer = handler.unsupportedVersion(ctx);
    if (answer === undefined) {
      this.cluster.log(
        `broker: unsupported ${label} from ${this.remote}: this broker implements ${handler.name} v${handler.minVersion}-${handler.maxVersion}`,
      );
      this.destroy();
      return;
    }
    this.send(ctx, label, answer.body, 0);
  }

  private send(ctx: RequestContext, label: string, body: BodyWriter, headerVersion: 0 | 1): void {
    if (this.closed.aborted || this.socket.destroyed) return;
    let frame: Buffer;
    try {
      frame = responseFrame(ctx.correlationId, headerVersion, body);
    } catch (err) {
      this.cluster.log(
        `broker: cannot encode the response to ${label} from ${this.remote}: ${errorText(err)}`,
      );
      this.destroy();
      return;
    }
    this.socket.write(frame);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
