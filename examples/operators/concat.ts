// A CSV export with `concat` and `orElse`: a header line, a line per row (or a placeholder when
// there are no rows), then the footer lines. `concat` and `orElse` run a source that is a plain
// fused chain (`Source.from(lines)`, `Source.single(line)`, with `map`, `filter`, ...) as steps of
// the stream itself, started once the stream before it completed; any other source (rows that
// arrive from a promise here) goes through a junction, with the same result.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';

export interface Sale {
  readonly name: string;
  readonly cents: number;
}

/** The lines of the export of `rows`, `footer` last. */
export function csvLines(
  rows: Source<Sale, unknown>,
  footer: readonly string[],
  materializer?: Materializer,
): Promise<string[]> {
  return Source.single('name,cents')
    .concat(
      rows.map((row) => `${row.name},${String(row.cents)}`).orElse(Source.single('(no rows)')),
    )
    .concat(Source.from(footer))
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = Source.from<Sale>([
    { name: 'tea', cents: 250 },
    { name: 'cake', cents: 400 },
  ]);
  console.log((await csvLines(rows, ['# 2 rows'])).join('\n'));
  console.log((await csvLines(Source.empty(), ['# 0 rows'])).join('\n'));
}
