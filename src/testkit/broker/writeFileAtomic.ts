/**
 * Replaces a small metadata file so that a crash at any moment leaves either the old or the
 * new content, never a torn mix: write a temporary file beside it, fsync it, rename it over.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** Writes `data` to `path` through `path.tmp` and a rename. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, data);
    // Without the fsync a power loss could leave the renamed file empty on some filesystems.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
