import type { WrapperProps } from '@docusaurus/types';
import type CodeBlockType from '@theme-original/CodeBlock';
import { lazy, type ReactNode, Suspense } from 'react';

type Props = WrapperProps<typeof CodeBlockType>;

// Syntax highlighting (Prism and its grammars, ~25 KB gzip) is only needed on pages that show
// code. Loaded lazily, it stays off every other page. The prerendered HTML already carries the
// highlighted block and React hydrates it when the chunk arrives; on a client-side navigation
// the plain code shows for the moment the chunk takes.
const CodeBlock = lazy(async () => {
  const [original] = await Promise.all([
    import('@theme-original/CodeBlock'),
    import('./grammars').then(({ registerGrammars }) => registerGrammars()),
  ]);
  return original;
});

export default function LazyCodeBlock(props: Props): ReactNode {
  const plain = typeof props.children === 'string' ? props.children : null;
  const fallback =
    plain === null ? null : (
      // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable code must be reachable by keyboard, as the theme's own <pre> is
      <pre tabIndex={0}>
        <code>{plain}</code>
      </pre>
    );
  return (
    <Suspense fallback={fallback}>
      <CodeBlock {...props} />
    </Suspense>
  );
}
