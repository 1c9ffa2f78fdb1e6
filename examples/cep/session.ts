// User sessions: clicks of one user belong to one session until the user is quiet for 30 minutes.
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';
import { EventTimeSessionWindows, Window, type WindowResult } from 'sluice/cep';

export interface Click {
  readonly user: string;
  readonly page: string;
  readonly ts: number;
}

const minutes = (n: number): number => n * 60_000;

/** The pages each user saw per session; sessions end after 30 quiet minutes. */
export function sessions(
  clicks: readonly Click[],
  materializer?: Materializer,
): Promise<WindowResult<string, string[]>[]> {
  return Source.from(clicks)
    .via(
      Window.process(
        EventTimeSessionWindows.withGap<Click>(minutes(30)),
        (inSession: readonly Click[]) => inSession.map((c) => c.page),
        { timestamp: (c: Click) => c.ts, keyBy: (c: Click) => c.user },
      ),
    )
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = await sessions([
    { user: 'ann', page: '/', ts: minutes(0) },
    { user: 'ann', page: '/cart', ts: minutes(10) },
    { user: 'ann', page: '/', ts: minutes(90) },
  ]);
  for (const s of out) console.log(s.key, s.window.start, s.value.join(' '));
}
