/** @internal The error for a timestamp extractor that returned something other than a number. */
export function badTimestamp(label: string, timestamp: number): TypeError {
  return new TypeError(
    `${label}: timestamp must return a finite number of milliseconds, got ${String(timestamp)}`,
  );
}
