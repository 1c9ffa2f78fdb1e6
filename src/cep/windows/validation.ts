/** Throws a RangeError naming the operator and parameter unless `value` is a finite number > 0. */
export function requirePositiveDuration(operator: string, parameter: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${operator}: ${parameter} must be a positive number of milliseconds, got ${String(value)}`,
    );
  }
}
