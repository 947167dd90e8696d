/**
 * The API reference page: Swagger UI from the `swagger-ui-dist` package, served by the api itself
 * under /docs, reading /openapi.json. Nothing is fetched from elsewhere (many users run Inlet
 * without internet access), and the page's policy forbids it: the validator badge, which would
 * call validator.swagger.io, is off.
 */

/** Files of `swagger-ui-dist` the page loads, plus our initializer; nothing else is served from /docs/. */
export const DOCS_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};
export const DOCS_INITIALIZER = 'docs-init.js';

export const DOCS_HEADERS = {
  // Swagger UI sets style attributes, hence 'unsafe-inline' for styles only; scripts are files of this origin.
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
};

export function renderDocsPage(title: string): string {
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escaped}</title>
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/${DOCS_INITIALIZER}"></script>
</body>
</html>
`;
}

/** Runs in the page: the document by a relative URL, so the page works behind a path prefix too. */
export const DOCS_INITIALIZER_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('openapi.json', document.baseURI).href,
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
