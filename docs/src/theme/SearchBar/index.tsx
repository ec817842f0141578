import { translate } from '@docusaurus/Translate';
import type { WrapperProps } from '@docusaurus/types';
import type SearchBarType from '@theme-original/SearchBar';
import { lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';

type Props = WrapperProps<typeof SearchBarType>;

// The search UI (lunr, its stemmers and the index) is a large share of the docs' JavaScript.
// It loads when a reader reaches for it — pointer over, focus, or the Ctrl/⌘-K shortcut — so
// the first paint of every page does not pay for it.
const SearchBar = lazy(() => import('@theme-original/SearchBar'));

/**
 * The search plugin translates the placeholder but hard-codes `aria-label="Search"`, which a
 * screen reader announces instead; the wrapper gives its input the translated label.
 */
export default function SearchBarWrapper(props: Props): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const [wanted, setWanted] = useState(false);
  const focusOnLoad = useRef(false);
  const label = translate({
    id: 'theme.SearchBar.label',
    message: 'Search',
    description: 'The ARIA label and placeholder for search button',
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        focusOnLoad.current = true;
        setWanted(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!wanted || !container.current) return;
    const label_ = () => {
      const input = container.current?.querySelector<HTMLInputElement>(
        'input:not([data-placeholder])',
      );
      if (!input) return false;
      input.setAttribute('aria-label', label);
      if (focusOnLoad.current) input.focus();
      focusOnLoad.current = false;
      return true;
    };
    if (label_()) return;
    const observer = new MutationObserver(() => label_() && observer.disconnect());
    observer.observe(container.current, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [wanted, label]);

  const placeholder = (
    <input
      data-placeholder=""
      className="navbar__search-input"
      type="search"
      aria-label={label}
      placeholder={label}
      onFocus={() => {
        focusOnLoad.current = true;
        setWanted(true);
      }}
      onPointerEnter={() => setWanted(true)}
    />
  );
  return (
    <div ref={container} className="navbar__search" style={{ display: 'contents' }}>
      {wanted ? (
        <Suspense fallback={placeholder}>
          <SearchBar {...props} />
        </Suspense>
      ) : (
        placeholder
      )}
    </div>
  );
}
