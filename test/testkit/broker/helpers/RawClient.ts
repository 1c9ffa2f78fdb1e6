/**
 * A minimal Kafka client over TCP built on the broker's own codec, for requests that
 * kafkajs and kcat never send (old versions, corrupt batches, replayed sequences, raw
 * garbage). Responses are matched strictly in order, which the broker guarantees.
 */
import { connect, type Socket } from 'node:net';
import { decodeMessage, encodeMessage } from '../../../../src/testkit/broker/protocol/codec.js';
import {
  requestHeaderVersion,
  writeRequestHeader,
} from '../../../../src/testkit/broker/protocol/headers.js';
import { Reader } from '../../../../src/testkit/broker/protocol/Reader.js';
import type { MessageSchema } from '../../../../src/testkit/broker/protocol/schema.js';
import { inRange } from '../../../../src/testkit/broker/protocol/schema.js';
import { Writer } from '../../../../src/testkit/broker/protocol/Writer.js';

export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly waiting: ((frame: Buffer) => void)[] = [];
  private correlationId = 1;
  private isClosed = false;
  private readonly closedPromise: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < 4 + size) break;
        const frame = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        this.waiting.shift()?.(frame);
      }
    });
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) => {
      socket.on('close', () => {
        this.isClosed = true;
        resolve();
      });
    });
  }

  static async connect(hostPort: string): Promise<RawClient> {
    const [host, port] = hostPort.split(':');
    const socket = connect(Number(port), host);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Resolves when the broker closes the connection. */
  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  /** Writes raw bytes (framing included or not: the caller decides). */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends one size-prefixed frame and returns the response frame (after its size prefix). */
  async roundTrip(body: Buffer): Promise<Buffer> {
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(body.length);
    const answer = new Promise<Buffer>((resolve, reject) => {
      this.waiting.push(resolve);
      void this.closedPromise.then(() => {
        reject(new Error('connection closed before the response'));
      });
    });
    this.socket.write(Buffer.concat([prefix, body]));
    return answer;
  }

  /** Encodes `request` with header v1/v2 and decodes the response body (header skipped). */
  async request<Req, Res>(
    apiKey: number,
    version: number,
    reqSchema: MessageSchema<Req>,
    resSchema: MessageSchema<Res>,
    request: Req,
    options: { flexibleResponseHeader?: boolean } = {},
  ): Promise<Res> {
    const w = new Writer();
    const correlationId = this.correlationId++;
    writeRequestHeader(
      w,
      { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId: 'raw' },
      requestHeaderVersion(reqSchema.flexibleVersions, version),
    );
    encodeMessage(reqSchema, w, version, request);
    const frame = await this.roundTrip(Buffer.from(w.view()));
    const r = new Reader(frame);
    if (r.int32() !== correlationId) throw new Error('correlation id mismatch');
    const flexibleHeader =
      options.flexibleResponseHeader ??
      (apiKey !== 18 && inRange(resSchema.flexibleVersions, version));
    if (flexibleHeader) r.uvarint();
    const res = decodeMessage(resSchema, r, version);
    if (r.remaining() !== 0) throw new Error(`${r.remaining()} trailing bytes in the response`);
    return res;
  }

  close(): void {
    this.socket.destroy();
  }
}
