/** What `interleave` gives over arrays: `segmentSize` elements from each in turn, skipping exhausted ones. */
export function interleaveModel<T>(inputs: readonly (readonly T[])[], segmentSize: number): T[] {
  const out: T[] = [];
  const at = inputs.map(() => 0);
  while (inputs.some((xs, i) => (at[i] ?? 0) < xs.length)) {
    inputs.forEach((xs, i) => {
      const from = at[i] ?? 0;
      out.push(...xs.slice(from, from + segmentSize));
      at[i] = from + segmentSize;
    });
  }
  return out;
}
