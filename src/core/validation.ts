import { MaxCapacity } from './RingBuffer.js';

/** Throws a RangeError naming the operator and parameter unless `value` is an integer >= 1. */
export function requirePositiveInt(operator: string, parameter: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `${operator}: ${parameter} must be a positive integer, got ${String(value)}`,
    );
  }
}

/** Throws a RangeError naming the operator and parameter unless `value` is an integer >= 0. */
export function requireNonNegativeInt(operator: string, parameter: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `${operator}: ${parameter} must be a non-negative integer, got ${String(value)}`,
    );
  }
}

/** Throws a RangeError naming the operator and parameter unless `value` is a finite number >= 0. */
export function requireNonNegativeDuration(
  operator: string,
  parameter: string,
  value: number,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `${operator}: ${parameter} must be a non-negative number of milliseconds, got ${String(value)}`,
    );
  }
}

/** Throws a TypeError naming the operator and parameter unless `value` is a function. */
export function requireFunction(operator: string, parameter: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new TypeError(`${operator}: ${parameter} must be a function, got ${typeof value}`);
  }
}

/**
 * Throws a RangeError naming the operator and parameter unless `value` is an integer from 1 to
 * 2**30: the bound of a buffer the stage holds (buffers grow as they fill, up to this bound).
 */
export function requireCapacity(operator: string, parameter: string, value: number): void {
  requirePositiveInt(operator, parameter, value);
  if (value > MaxCapacity) {
    throw new RangeError(
      `${operator}: ${parameter} must be at most 2**30 (${MaxCapacity}), got ${String(value)}`,
    );
  }
}

/** {@link requireSink} for each of `values`, named `parameter[i]`. */
export function requireSinks(
  operator: string,
  parameter: string,
  values: readonly unknown[],
): void {
  values.forEach((value, i) => {
    requireSink(operator, `${parameter}[${String(i)}]`, value);
  });
}

/**
 * Throws a TypeError naming the operator and parameter unless `value` is a Sink graph (a `Sink`,
 * or a stage or `GraphDSL` result with one inlet and no outlet).
 */
export function requireSink(operator: string, parameter: string, value: unknown): void {
  const shape = (value as { shape?: { inlets?: unknown; outlets?: unknown } } | null)?.shape;
  const ok =
    Array.isArray(shape?.inlets) &&
    Array.isArray(shape.outlets) &&
    shape.inlets.length === 1 &&
    shape.outlets.length === 0;
  if (!ok) {
    const got = value === null ? 'null' : typeof value;
    throw new TypeError(
      `${operator}: ${parameter} must be a Sink, got ${shape === undefined ? got : 'a graph of another shape'}`,
    );
  }
}
