import fs from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type Cookie, chromium, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, never a downloaded browser; flags keep it off the (closed) network. */
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
}

/** A page an e2e test opened: where, as whom (its cookies then) and with or without scripts. */
export interface Visit {
  url: string;
  cookies: Cookie[];
  javaScript: boolean;
}

const visits: Promise<Visit | null>[] = [];

/** Every page the test file's pages went to, in order; the phone sweep opens each again. */
export async function visitedPages(): Promise<Visit[]> {
  return (await Promise.all(visits)).filter((v): v is Visit => v !== null);
}

/**
 * How long one browser step may take: under the e2e test timeout, so a step that never comes
 * fails the test with what it waited for, but far above a busy 2-core machine's slowest step.
 */
export const stepTimeout = 45_000;

export interface WatchedPage {
  page: Page;
  /** Console errors and failed page errors seen so far. */
  errors: string[];
}

export async function openPage(
  browser: Browser,
  options: { javaScript?: boolean; width?: number } = {},
): Promise<WatchedPage> {
  const javaScript = options.javaScript ?? true;
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  context.setDefaultTimeout(stepTimeout);
  const page = await context.newPage();
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame() || !/^https?:/.test(frame.url())) return;
    const url = frame.url();
    // The cookies are read as the page arrives, before the test can close its context.
    visits.push(
      context.cookies(url).then(
        (cookies) => ({ url, cookies, javaScript }),
        () => null,
      ),
    );
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Viewports this narrow are phones: the page must fit them without scrolling sideways. */
const phoneWidth = 480;

/**
 * The page scrolls sideways: reported as one more violation, naming the outermost elements that
 * reach past the right edge, so every phone-sized page an e2e test checks is also checked for it.
 */
export async function sidewaysScroll(page: Page): Promise<AxeViolation[]> {
  const overflow = await page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    // What a scroll box holds scrolls in it, not the page; but an absolutely positioned element
    // escapes the scroll boxes inside its containing block.
    const clipped = (e: Element) => {
      const { position } = getComputedStyle(e);
      if (position === 'fixed') return false;
      const from = position === 'absolute' ? (e as HTMLElement).offsetParent : e.parentElement;
      for (let a = from; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    const past = (e: Element) => e.getBoundingClientRect().right > root.clientWidth + 0.5;
    // Text that runs out of its box (a long word) widens the page without widening the box.
    const spills = (e: Element) =>
      e.clientWidth > 0 &&
      e.scrollWidth > e.clientWidth + 1 &&
      getComputedStyle(e).overflowX === 'visible';
    const widens = (e: Element) => (past(e) || spills(e)) && !clipped(e);
    // Outermost only: a child of an element that already widens the page adds nothing.
    const culprits = [...document.body.querySelectorAll('*')]
      .filter(
        (e) =>
          widens(e) &&
          !(e.parentElement && e.parentElement !== document.body && widens(e.parentElement)),
      )
      .slice(0, 5)
      .map((e) => {
        const classes = [...e.classList].map((c) => `.${c}`).join('');
        return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${classes}`;
      });
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits };
  });
  if (!overflow) return [];
  return [
    {
      id: 'horizontal-scroll',
      impact: 'serious',
      help: `The page is ${overflow.scrollWidth} px wide on a ${overflow.clientWidth} px screen`,
      nodes: overflow.culprits.map((target) => ({ target: [target] })),
    },
  ];
}

/**
 * Runs axe-core in the page (WCAG 2.x A/AA and best practices) and returns its violations; on a
 * phone-sized viewport, a page that scrolls sideways is one more.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const width = page.viewportSize()?.width ?? Number.POSITIVE_INFINITY;
  const sideways = width <= phoneWidth ? await sidewaysScroll(page) : [];
  // Evaluated through the DevTools protocol, which the page's script policy does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return [...violations, ...sideways];
}
