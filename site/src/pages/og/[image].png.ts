import type { APIRoute, GetStaticPaths } from 'astro';
import { ogImages, ogPng, ogSvg } from '../../lib/og-images';

/** The Open Graph images of the site's pages, drawn once, at build time. */
export const prerender = true;

export const getStaticPaths = (() =>
  ogImages().map(({ file, locale, page }) => ({
    params: { image: file.replace(/\.png$/, '') },
    props: { locale, page },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(new Uint8Array(ogPng(ogSvg(props.locale, props.page))), {
    headers: { 'Content-Type': 'image/png' },
  });
