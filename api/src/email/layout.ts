import type { Locale } from '@painel/i18n';

/** The translated pieces every Painel email is made of, as plain text (not yet escaped). */
export interface EmailParts {
  subject: string;
  greeting: string;
  intro: string;
  /** The call to action: the label of the button. */
  action: string;
  /** An http(s) URL, already checked. */
  link: string;
  linkFallback: string;
  expiry: string;
  ignore: string;
  footer: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

// Colours meet WCAG AA on white: link/button #0b57d0 ≈ 6.4:1, body #1a1a1a ≈ 17:1, footer #4a4a4a ≈ 8.9:1.
/** Inline CSS of every Painel email: mail clients drop stylesheets. */
export const emailStyles = {
  body: 'margin:0;padding:24px 16px;background:#ffffff;color:#1a1a1a;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5',
  article: 'max-width:560px;margin:0 auto',
  button:
    'display:inline-block;padding:12px 20px;background:#0b57d0;color:#ffffff;font-weight:600;text-decoration:none;border-radius:6px',
  link: 'color:#0b57d0;text-decoration:underline;word-break:break-all',
  rule: 'border:none;border-top:1px solid #d0d0d0;margin:24px 0',
  footer: 'font-size:14px;color:#4a4a4a',
};

/**
 * Lays the parts out as a plain-text body and a simple, accessible HTML body. Every string is
 * escaped here, catalog text included: catalog messages are plain text, never HTML.
 */
export function renderLayout(locale: Locale, parts: EmailParts): RenderedEmail {
  const text = [
    parts.greeting,
    parts.intro,
    `${parts.action}:\n${parts.link}`,
    parts.expiry,
    parts.ignore,
    `-- \n${parts.footer}`,
  ].join('\n\n');

  const e = escapeHtml;
  const href = e(parts.link);
  const html = emailDocument(
    locale,
    parts.subject,
    `<p>${e(parts.greeting)}</p>
<p>${e(parts.intro)}</p>
<p><a href="${href}" style="${e(emailStyles.button)}">${e(parts.action)}</a></p>
<p>${e(parts.linkFallback)}<br><a href="${href}" style="${e(emailStyles.link)}">${href}</a></p>
<p>${e(parts.expiry)}</p>
<p>${e(parts.ignore)}</p>
<hr style="${e(emailStyles.rule)}">
<p style="${e(emailStyles.footer)}">${e(parts.footer)}</p>`,
  );
  return { subject: parts.subject, text: `${text}\n`, html };
}

/** The HTML document around an email's content (already HTML), titled by its subject. */
export function emailDocument(locale: Locale, subject: string, content: string): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="${e(locale)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${e(subject)}</title>
</head>
<body style="${e(emailStyles.body)}">
<div role="article" aria-label="${e(subject)}" lang="${e(locale)}" style="${e(emailStyles.article)}">
${content}
</div>
</body>
</html>
`;
}
