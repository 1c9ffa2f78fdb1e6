import type { Decider } from './Supervision.js';
import { requireCapacity } from './validation.js';

/** The buffer an async boundary (and a detached stage that reads it) keeps: `initial` to `max` elements. */
export interface InputBuffer {
  readonly initial: number;
  readonly max: number;
}

/** The attributes the runtime and the built-in operators read. */
export interface AttributeValues {
  readonly name?: string;
  readonly inputBuffer?: InputBuffer;
  readonly supervisionStrategy?: Decider;
  /** Events an interpreter runs before it yields to the Node event loop. */
  readonly eventsPerYield?: number;
  /** Marks the graph built so far as its own island (what `.async()` adds). */
  readonly asyncBoundary?: boolean;
  readonly [custom: string]: unknown;
}

/**
 * Immutable settings attached to a stage or a composite graph. A stage sees the attributes of every
 * graph that encloses it, the innermost value winning: `attributes.get('inputBuffer')`.
 *
 * @example
 * ```ts
 * flow.withAttributes(Attributes.inputBuffer(1, 1).and(Attributes.name('parse')))
 * ```
 */
export class Attributes {
  static readonly none = new Attributes({});

  private constructor(readonly values: AttributeValues) {}

  /** Names a stage: its label in error messages and logs. */
  static name(name: string): Attributes {
    return new Attributes({ name });
  }

  /** Sizes the buffer of an async boundary, and of detached stages that read it. */
  static inputBuffer(initial: number, max: number): Attributes {
    if (!Number.isInteger(initial) || initial < 1) {
      throw new RangeError(
        `Attributes.inputBuffer: initial must be a positive integer, got ${initial}`,
      );
    }
    if (!Number.isInteger(max) || max < initial) {
      throw new RangeError(
        `Attributes.inputBuffer: max must be an integer >= initial (${initial}), got ${max}`,
      );
    }
    requireCapacity('Attributes.inputBuffer', 'max', max);
    return new Attributes({ inputBuffer: { initial, max } });
  }

  /** The supervision decider, honoured by the operators that document it. */
  static supervisionStrategy(decider: Decider): Attributes {
    return new Attributes({ supervisionStrategy: decider });
  }

  /** How many events an interpreter runs before it yields to the event loop. */
  static eventsPerYield(n: number): Attributes {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`Attributes.eventsPerYield: n must be a positive integer, got ${n}`);
    }
    return new Attributes({ eventsPerYield: n });
  }

  /** Marks an async boundary. */
  static readonly asyncBoundary = new Attributes({ asyncBoundary: true });

  /** A custom attribute, for stages of your own. */
  static of(values: AttributeValues): Attributes {
    return new Attributes(values);
  }

  /** These attributes with `other`'s values taking precedence. */
  and(other: Attributes): Attributes {
    if (other === Attributes.none) return this;
    if (this === Attributes.none) return other;
    return new Attributes({ ...this.values, ...other.values });
  }

  /** The value of `key`, or `fallback` when it is not set. */
  get<K extends keyof AttributeValues>(key: K): AttributeValues[K] | undefined;
  get<K extends keyof AttributeValues>(
    key: K,
    fallback: NonNullable<AttributeValues[K]>,
  ): NonNullable<AttributeValues[K]>;
  get<K extends keyof AttributeValues>(
    key: K,
    fallback?: AttributeValues[K],
  ): AttributeValues[K] | undefined {
    return this.values[key] ?? fallback;
  }
}
