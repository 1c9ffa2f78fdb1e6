/** A key reached `maxPartialMatches` under the `'fail'` policy. */
export class TooManyPartialMatchesError extends Error {
  override readonly name = 'TooManyPartialMatchesError';
  constructor(
    /** The operator's label. */
    readonly operator: string,
    /** The key whose partial matches reached the bound. */
    readonly key: unknown,
    /** The bound. */
    readonly limit: number,
  ) {
    super(
      `${operator}: key ${String(key)} has more than ${String(limit)} partial matches, the maxPartialMatches bound`,
    );
  }
}
