/**
 * Turns a key or value into the bytes Kafka stores. `serialize` runs synchronously in the producer
 * stage when the element arrives; a throw fails the stage with an error naming the topic.
 *
 * @example
 * ```ts
 * import type { Serializer } from 'sluice/kafka';
 *
 * interface Point { readonly x: number; readonly y: number }
 * const pointSerializer: Serializer<Point> = {
 *   serialize: (p) => `${p.x},${p.y}`,
 * };
 * ```
 */
export interface Serializer<T> {
  /** The bytes (or a UTF-8 string) for `data`, about to be sent to `topic`. */
  serialize(data: T, topic: string): Buffer | string;
}

const stringSerializer: Serializer<string> = {
  serialize(data: string): string {
    return data;
  },
};

const bytesSerializer: Serializer<Uint8Array> = {
  serialize(data: Uint8Array): Buffer {
    // A Buffer is sent as is; any other Uint8Array is wrapped without copying.
    return Buffer.isBuffer(data)
      ? data
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  },
};

const jsonSerializer: Serializer<unknown> = {
  serialize(data: unknown, topic: string): string {
    const text = JSON.stringify(data);
    // JSON.stringify returns undefined for undefined, functions and symbols: nothing to send.
    if ((text as string | undefined) === undefined) {
      throw new TypeError(
        `Serializers.json: cannot serialize a value for topic '${topic}': ${typeof data} has no JSON form`,
      );
    }
    return text;
  },
};

/**
 * The built-in serializers: UTF-8 strings, JSON and raw bytes. Write your own as a
 * {@link Serializer}. A `null` key or value is sent as Kafka's null without calling the
 * serializer (a `null` value is a tombstone).
 *
 * @example
 * ```ts
 * import { ProducerSettings, Serializers } from 'sluice/kafka';
 *
 * interface Order { readonly id: string; readonly total: number }
 * const settings = ProducerSettings.create({
 *   keySerializer: Serializers.string,
 *   valueSerializer: Serializers.json<Order>(),
 * }).withBootstrapServers('localhost:9092');
 * ```
 */
export const Serializers = {
  /** Sends a string as its UTF-8 bytes. */
  string: stringSerializer,
  /** Sends a `Buffer` (or any `Uint8Array`) as it is. */
  bytes: bytesSerializer,
  /**
   * Sends `JSON.stringify(value)` as UTF-8; throws a `TypeError` naming the topic for a value that
   * has no JSON form (`undefined`, a function).
   */
  json<T>(): Serializer<T> {
    return jsonSerializer;
  },
} as const;
