/** A lazy stage was stopped before it created its inner stream, so it has no materialized value. */
export class NeverMaterializedError extends Error {
  override readonly name = 'NeverMaterializedError';
}
