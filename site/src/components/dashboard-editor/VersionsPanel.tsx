import { useRef, useState } from 'preact/hooks';
import { fill } from '../sql-editor/messages';
import type { Version } from './api';
import { Section } from './Field';
import type { EditorMessages } from './messages';

/**
 * The saved versions, newest first: number, who saved it and when (in the reader's time zone).
 * Restoring one asks first, then saves it as the newest version; nothing is deleted.
 */

interface Props {
  versions: Version[];
  current: number;
  locale: string;
  timeZone: string;
  m: EditorMessages;
  /** Resolves once the restore is done or has failed (the editor shows which). */
  onRestore: (version: number) => Promise<void>;
}

export default function VersionsPanel({
  versions,
  current,
  locale,
  timeZone,
  m,
  onRestore,
}: Props) {
  const [asking, setAsking] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  // After the next render: the control to focus is not drawn yet.
  const focusLater = (selector: string) =>
    setTimeout(() => list.current?.querySelector<HTMLElement>(selector)?.focus(), 0);
  const when = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  });

  const restore = async (version: number) => {
    setBusy(true);
    try {
      await onRestore(version);
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };

  return (
    <Section id="dbe-versions" title={m.versionsTitle}>
      {versions.length === 0 ? (
        <p class="muted">{m.versionsEmpty}</p>
      ) : (
        <ol class="dbe-versions" ref={list}>
          {versions.map((v) => (
            <li key={v.version}>
              <p>
                <strong>{fill(m.versionN, { n: v.version })}</strong>
                {v.version === current && <span class="dbe-meta"> ({m.versionCurrent})</span>}
                <br />
                <span class="dbe-meta">
                  {fill(m.versionBy, {
                    who: v.createdBy ?? m.versionSomeone,
                    when: v.createdAt ? when.format(new Date(v.createdAt)) : '',
                  })}
                </span>
              </p>
              {v.version !== current &&
                (asking === v.version ? (
                  <div class="dbe-confirm">
                    <p id={`dbe-restore-${v.version}`}>
                      {fill(m.restoreConfirm, { n: v.version })}
                    </p>
                    <div class="dbe-actions">
                      <button
                        type="button"
                        class="sql-button sql-small sql-primary"
                        aria-disabled={busy ? 'true' : undefined}
                        onClick={() => !busy && void restore(v.version)}
                      >
                        {fill(m.restoreYes, { n: v.version })}
                      </button>
                      <button
                        type="button"
                        class="sql-button sql-small"
                        onClick={() => {
                          setAsking(null);
                          focusLater(`[data-version="${v.version}"]`);
                        }}
                      >
                        {m.cancel}
                      </button>
                    </div>
                  </div>
                ) : (
                  <button
                    type="button"
                    class="sql-button sql-small"
                    data-version={v.version}
                    onClick={() => {
                      setAsking(v.version);
                      focusLater('.dbe-confirm .sql-primary');
                    }}
                  >
                    {fill(m.restore, { n: v.version })}
                  </button>
                ))}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
