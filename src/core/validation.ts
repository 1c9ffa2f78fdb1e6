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
