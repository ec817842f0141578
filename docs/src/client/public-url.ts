import siteConfig from '@generated/docusaurus.config';
import i18n from '@generated/i18n';

/*
 * The docs are built against a placeholder origin (api/src/http/public-url.ts) that the server
 * replaces with PUBLIC_URL in every page it sends. The bundle's copy of the config still holds
 * the placeholder, and React re-renders the head (canonical, og:url, hreflang) from it on every
 * navigation; so before the first render, the origin the page was served with (the
 * `painel:public-url` meta tag, rewritten like the rest of the page) takes its place.
 */
if (typeof document !== 'undefined') {
  const built = siteConfig.url;
  const served = document.querySelector('meta[name="painel:public-url"]')?.getAttribute('content');
  if (served && served !== built) {
    (siteConfig as { url: string }).url = served;
    for (const config of Object.values(i18n.localeConfigs) as { url: string }[]) {
      if (config.url === built) config.url = served;
    }
  }
}
