import { Prism } from 'prism-react-renderer';

/**
 * The grammars of `themeConfig.prism.additionalLanguages` (docusaurus.config.ts), registered in
 * the browser with the lazy code block. The theme registers them in a client module on every
 * page, which this site replaces (src/client/prism-languages.ts) to keep Prism off pages without
 * code; the prerendered HTML was highlighted with them, so the browser needs the same grammars
 * or React finds every bash and SQL block changed when it hydrates. Prism's grammar files extend
 * a global `Prism`, so it is set while they load.
 */
export async function registerGrammars(): Promise<void> {
  const global = globalThis as { Prism?: typeof Prism };
  const before = global.Prism;
  global.Prism = Prism;
  try {
    await import('prismjs/components/prism-bash');
    await import('prismjs/components/prism-sql');
  } finally {
    if (before) global.Prism = before;
    else delete global.Prism;
  }
}
