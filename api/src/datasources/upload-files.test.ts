import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/databases.js';
import { removeUnusedFiles, retiredFileGraceMs, retireFile, uploadFolder } from './upload-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A folder with files of the given names, all last modified at `at`. */
function folderWith(names: string[], at: number): string {
  const dir = tempDir('painel-uploads-');
  dirs.push(dir);
  for (const name of names) {
    fs.writeFileSync(path.join(dir, name), 'x');
    fs.utimesSync(path.join(dir, name), new Date(at), new Date(at));
  }
  return dir;
}

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

describe('removeUnusedFiles', () => {
  const start = Date.UTC(2026, 0, 1);

  it('keeps files in use, recent ones and files that are not uploads', () => {
    const used = `${id(1)}.parquet`;
    const replaced = `${id(2)}.parquet`;
    const halfWritten = `.${id(3)}.parquet.tmp`;
    const dir = folderWith([used, replaced, halfWritten, 'notes.txt'], start);
    expect(removeUnusedFiles(dir, new Set([used]), { now: start + 1000 })).toEqual([]);
    const later = start + retiredFileGraceMs;
    expect(removeUnusedFiles(dir, new Set([used]), { now: later }).sort()).toEqual(
      [halfWritten, replaced].sort(),
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', used].sort());
  });

  it('counts the grace period from when a file was replaced, not from when it was written', () => {
    const replaced = `${id(4)}.parquet`;
    const dir = folderWith([replaced], start);
    const replacedAt = start + 10 * retiredFileGraceMs;
    retireFile(dir, replaced, replacedAt);
    expect(removeUnusedFiles(dir, new Set(), { now: replacedAt + 1000 })).toEqual([]);
    expect(removeUnusedFiles(dir, new Set(), { now: replacedAt + retiredFileGraceMs })).toEqual([
      replaced,
    ]);
  });
});

describe('uploadFolder', () => {
  it('is one folder per workspace, and refuses an id that would leave it', () => {
    expect(uploadFolder('/srv/uploads', id(1))).toBe(`/srv/uploads/${id(1)}`);
    expect(() => uploadFolder('/srv/uploads', '../other')).toThrow();
    expect(() => uploadFolder('/srv/uploads', '')).toThrow();
  });
});
