import { translate } from '@docusaurus/Translate';
import type { ReactNode } from 'react';

/** Infima lets wide tables scroll sideways; taking focus lets keyboard users scroll them too. */
export function ScrollTable({ children }: { children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the table is a scroll container on small screens
    <table tabIndex={0}>{children}</table>
  );
}

/** The "Required" column's cell. */
export const yes = () =>
  translate({ id: 'apiReference.yes', message: 'Yes', description: 'A required field' });
export const no = () =>
  translate({ id: 'apiReference.no', message: 'No', description: 'An optional field' });
