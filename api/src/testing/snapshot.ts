import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

// Snapshots live at the repository root, beside the other expected outputs people look at.
const outputDir = join(import.meta.dirname, '../../../test/output');

/**
 * Compares `actual` with `test/output/<name>`, Observable Plot style: a mismatch writes
 * `<name>-changed.<ext>` to inspect, and fails. A missing snapshot is written and passes on a
 * developer's machine (that is how one is made); in CI it fails, since it was never committed.
 */
export function expectSnapshot(
  name: string,
  actual: string,
  normalize = (s: string) => s.trim(),
): void {
  const dot = name.lastIndexOf('.');
  const expectedPath = join(outputDir, name);
  const changedPath = join(outputDir, `${name.slice(0, dot)}-changed${name.slice(dot)}`);
  mkdirSync(outputDir, { recursive: true });
  if (!existsSync(expectedPath)) {
    if (process.env.CI === 'true')
      expect.fail(`test/output/${name} is missing: run the test locally and commit it`);
    writeFileSync(expectedPath, actual);
    return;
  }
  if (normalize(readFileSync(expectedPath, 'utf8')) === normalize(actual)) {
    rmSync(changedPath, { force: true });
    return;
  }
  writeFileSync(changedPath, actual);
  expect.fail(`${name} changed: compare it with ${changedPath}`);
}
