/**
 * Rows written in batches a moment after they are added: one insert per request put a write on
 * SQLite's single writer for every read that records something (a query run, a dashboard view),
 * and under load the next requests' reads queued behind it. Readers of those rows call `flush`
 * first, so a person always sees what they just did.
 */
export interface WriteBehind<Row> {
  /** Settles when the row is stored; a failed write rejects it. */
  add(row: Row): Promise<void>;
  /** Writes what is waiting; settles when every row added so far is stored. */
  flush(): Promise<void>;
}

/** Rows waiting to be written, the promise their write settles, and a way to write them now. */
interface Batch<Row> {
  rows: Row[];
  written: Promise<void>;
  writeNow: () => void;
}

/**
 * Batches are written one after another, in the order they were made, by `write` (one
 * transaction, say). A batch that fails is written row by row, so that one bad row (its
 * workspace deleted since) loses only itself.
 */
export function writeBehind<Row>(options: {
  afterMs: number;
  write: (rows: Row[]) => Promise<void>;
}): WriteBehind<Row> {
  let waiting: Batch<Row> | null = null;
  let lastWrite: Promise<unknown> = Promise.resolve();

  async function writeEach(rows: Row[]): Promise<void> {
    try {
      await options.write(rows);
    } catch (error) {
      if (rows.length === 1) throw error;
      let failure: unknown;
      for (const row of rows) await options.write([row]).catch((e: unknown) => (failure ??= e));
      if (failure) throw failure;
    }
  }

  function batch(): Batch<Row> {
    if (waiting) return waiting;
    let start = () => {};
    const rows: Row[] = [];
    const ready = new Promise<void>((resolve) => {
      start = resolve;
    });
    const timer = setTimeout(start, options.afterMs);
    timer.unref?.();
    const written = ready.then(() => {
      clearTimeout(timer);
      if (waiting?.rows === rows) waiting = null;
      const done = lastWrite.then(() => writeEach(rows));
      lastWrite = done.catch(() => undefined);
      return done;
    });
    // A batch nobody awaits must not reject unhandled; callers that await it see the failure.
    written.catch(() => undefined);
    waiting = { rows, written, writeNow: start };
    return waiting;
  }

  return {
    add(row) {
      const current = batch();
      current.rows.push(row);
      return current.written;
    },
    async flush() {
      const current = waiting;
      if (current) {
        current.writeNow();
        await current.written;
      }
      await lastWrite;
    },
  };
}
