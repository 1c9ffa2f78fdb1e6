/**
 * Reads a key or value from the bytes Kafka stored. `data` is `null` for a tombstone value (a
 * `null` key is never handed to a deserializer). A throw is a poison record: the source fails
 * with a `KafkaRecordError` naming topic, partition and offset, or skips or dead-letters the
 * record when its settings say so.
 *
 * @example
 * ```ts
 * import type { Deserializer } from 'sluice/kafka';
 *
 * const intDeserializer: Deserializer<number> = {
 *   deserialize(data) {
 *     if (data === null) throw new TypeError('a tombstone has no number');
 *     return data.readInt32BE(0);
 *   },
 * };
 * ```
 */
export interface Deserializer<T> {
  deserialize(data: Buffer | null, topic: string): T;
}

function refuseNull(name: string, topic: string): never {
  throw new TypeError(
    `Deserializers.${name}: cannot deserialize a null value (a tombstone) from topic '${topic}'; wrap it in Deserializers.nullable`,
  );
}

const stringDeserializer: Deserializer<string> = {
  deserialize(data: Buffer | null, topic: string): string {
    if (data === null) return refuseNull('string', topic);
    return data.toString('utf8');
  },
};

const bytesDeserializer: Deserializer<Buffer> = {
  deserialize(data: Buffer | null, topic: string): Buffer {
    if (data === null) return refuseNull('bytes', topic);
    return data;
  },
};

const jsonDeserializer: Deserializer<unknown> = {
  deserialize(data: Buffer | null, topic: string): unknown {
    if (data === null) return refuseNull('json', topic);
    return JSON.parse(data.toString('utf8'));
  },
};

/**
 * The built-in deserializers: UTF-8 strings, JSON and raw bytes, and `nullable` to let a
 * tombstone through as `null`. Write your own as a {@link Deserializer}.
 *
 * @example
 * ```ts
 * import { ConsumerSettings, Deserializers } from 'sluice/kafka';
 *
 * interface Order { readonly id: string }
 * const settings = ConsumerSettings.create({
 *   keyDeserializer: Deserializers.string,
 *   valueDeserializer: Deserializers.nullable(Deserializers.json<Order>()),
 * });
 * ```
 */
export const Deserializers = {
  /** UTF-8 text. */
  string: stringDeserializer,
  /** The stored bytes, as a Buffer. */
  bytes: bytesDeserializer,
  /**
   * `JSON.parse` of the UTF-8 text, typed as `T` without checking its shape.
   * @throws SyntaxError (a poison record) when the bytes are not JSON.
   */
  json<T>(): Deserializer<T> {
    return jsonDeserializer as Deserializer<T>;
  },
  /** `inner`, except that a tombstone becomes `null` instead of an error. */
  nullable<T>(inner: Deserializer<T>): Deserializer<T | null> {
    return {
      deserialize(data: Buffer | null, topic: string): T | null {
        return data === null ? null : inner.deserialize(data, topic);
      },
    };
  },
} as const;
