import { useRef, useState } from 'preact/hooks';
import { fill } from '../sql-editor/messages';
import type { Version } from './api';
import Confirm from './Confirm';
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
                  <Confirm
                    id={`dbe-restore-${v.version}`}
                    question={fill(m.restoreConfirm, { n: v.version })}
                    yes={fill(m.restoreYes, { n: v.version })}
                    cancel={m.cancel}
                    busy={busy}
                    onYes={() => !busy && void restore(v.version)}
                    onCancel={() => {
                      setAsking(null);
                      focusLater(`[data-version="${v.version}"]`);
                    }}
                  />
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
