import { translate } from '@docusaurus/Translate';
import type { WrapperProps } from '@docusaurus/types';
import SearchBar from '@theme-original/SearchBar';
import { type ReactNode, useEffect, useRef } from 'react';

type Props = WrapperProps<typeof SearchBar>;

/**
 * The search plugin translates the placeholder but hard-codes `aria-label="Search"`, which a
 * screen reader announces instead. Give the input the same translated label once it mounts.
 */
export default function SearchBarWrapper(props: Props): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const label = translate({
    id: 'theme.SearchBar.label',
    message: 'Search',
    description: 'The ARIA label and placeholder for search button',
  });
  useEffect(() => {
    container.current?.querySelector('input')?.setAttribute('aria-label', label);
  }, [label]);
  return (
    <div ref={container} style={{ display: 'contents' }}>
      <SearchBar {...props} />
    </div>
  );
}
