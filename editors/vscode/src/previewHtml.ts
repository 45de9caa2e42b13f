// The map preview's page, without the `vscode` module (unit-tested in node):
// the HTML map from `journey.render`, locked down with a strict
// Content-Security-Policy, and a banner when the text has errors.

/** What the language server's `journey.render` command answers. */
export interface RenderAnswer {
  uri: string;
  version: number;
  /** `null` when the text has errors. */
  html: string | null;
  errors: number;
  warnings: number;
  advice: number;
}

/**
 * The policy of the preview: nothing may load and no script may run; only the map's own
 * `<style>` element (marked with `nonce`) applies.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    "script-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * The map with the policy in its `<head>` and the nonce on its `<style>` elements. The map has no
 * `style` attributes and no scripts, so nothing else needs to be allowed.
 */
export function securePage(html: string, nonce: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce)}">`;
  const withNonce = html.replace(/<style>/g, `<style nonce="${nonce}">`);
  const head = withNonce.indexOf('<head>');
  if (head < 0) return `${meta}${withNonce}`;
  const at = head + '<head>'.length;
  return withNonce.slice(0, at) + meta + withNonce.slice(at);
}

/** A page that says the text has errors, above the last good map (if any). */
export function withErrorBanner(page: string | undefined, errors: number, nonce: string): string {
  const noun = errors === 1 ? 'error' : 'errors';
  const banner =
    `<div class="journey-preview-banner" role="status">The text has ${errors} ${noun}; ` +
    (page ? 'showing the last map without errors.' : 'the map appears once they are fixed.') +
    '</div>';
  const style =
    `<style nonce="${nonce}">.journey-preview-banner{position:sticky;top:0;z-index:10;padding:.5rem 1rem;` +
    'background:#fde7e7;color:#8a1111;font:600 13px/1.4 system-ui,sans-serif;border-bottom:2px solid #c62828}</style>';
  if (!page) {
    return securePage(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Journey map</title></head><body>${banner}</body></html>`,
      nonce,
    ).replace('</head>', `${style}</head>`);
  }
  const withoutOldBanner = page.replace(/<div class="journey-preview-banner"[^]*?<\/div>/, '');
  return withoutOldBanner.replace('</head>', `${style}</head>`).replace('<body>', `<body>${banner}`);
}

/** A random nonce (base64 of 16 random bytes). */
export function makeNonce(random: (n: number) => Uint8Array): string {
  return Buffer.from(random(16)).toString('base64');
}
