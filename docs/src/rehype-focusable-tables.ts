/*
 * Infima shows wide tables as horizontal scroll boxes. Keyboard users can only scroll a box that
 * takes focus (WCAG 2.1.1; axe: scrollable-region-focusable), so every Markdown table gets
 * tabindex="0". Written by hand because the tree walk is all it needs.
 */

interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function walk(node: HastNode): void {
  if (node.type === 'element' && node.tagName === 'table') {
    node.properties = { ...node.properties, tabIndex: 0 };
  }
  for (const child of node.children ?? []) walk(child);
}

/** A rehype plugin: `rehypePlugins: [rehypeFocusableTables]`. */
export default function rehypeFocusableTables() {
  return (tree: HastNode) => walk(tree);
}
