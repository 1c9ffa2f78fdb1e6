// A committable consumer in its own process, for the at-least-once crash test: every processed
// record is appended to OUT (fsync'd, so a SIGKILL keeps it) before its offset goes to the
// Committer; SIGTERM drains and shuts down.
import { appendFileSync, closeSync, fsyncSync, openSync } from 'node:fs';
import { Keep } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  DrainingControl,
  Subscriptions,
} from 'sluice/kafka';
import { settingsFor } from './crashSettings.js';

const { BOOTSTRAP, GROUP, TOPIC, OUT } = process.env;
if (BOOTSTRAP === undefined || GROUP === undefined || TOPIC === undefined || OUT === undefined) {
  throw new Error('crashChild: BOOTSTRAP, GROUP, TOPIC and OUT are required');
}
const out = OUT;
const fd = openSync(out, 'a');

const control = Consumer.committableSource(
  settingsFor(BOOTSTRAP, GROUP),
  Subscriptions.topics(TOPIC),
)
  .mapAsync(1, async (msg) => {
    await new Promise((r) => setTimeout(r, 2));
    appendFileSync(fd, `${msg.record.partition}:${msg.record.offset}\n`);
    fsyncSync(fd);
    return msg.committableOffset;
  })
  .toMat(Committer.sink(CommitterSettings.create().withMaxBatch(7).withMaxInterval(50)), Keep.both)
  .mapMaterializedValue(DrainingControl.create)
  .run();

process.on('SIGTERM', () => {
  void control.drainAndShutdown().finally(() => {
    closeSync(fd);
    process.exit(0);
  });
});
