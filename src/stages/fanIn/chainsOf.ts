import { type Graph, SourceChain, type SourceShape } from '../../core/index.js';

/**
 * @internal Each of `those` as a {@link SourceChain}, or `undefined` when one is not a plain chain
 * of fusable stages: then the operator goes through its junction.
 */
export function chainsOf<T>(
  those: readonly Graph<SourceShape<T>, unknown>[],
): SourceChain<T>[] | undefined {
  const chains: SourceChain<T>[] = [];
  for (const that of those) {
    const chain = SourceChain.of(that);
    if (chain === undefined) return undefined;
    chains.push(chain);
  }
  return chains;
}
