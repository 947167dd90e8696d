type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const escape = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** Text with `code` spans and line breaks, escaped. */
const prose = (s: unknown) =>
  escape(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\n/g, '<br>');

const pretty = (value: unknown) => `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;

function operation(path: string, method: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = op.requestBody as { required?: boolean; content?: Record<string, { schema?: unknown }> } | undefined;
  const responses = (op.responses as Record<string, Json> | undefined) ?? {};
  const secured = Array.isArray(op.security) && op.security.length > 0;
  return `<section class="op">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${prose(op.summary)}${secured ? ' <span class="auth">bearer auth</span>' : ''}</p>
${op.description ? `<p class="desc">${prose(op.description)}</p>` : ''}
${
  params.length
    ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr>${params
        .map((p) => `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escape(JSON.stringify(p.schema))}</code></td><td>${prose(p.description)}</td></tr>`)
        .join('')}</table>`
    : ''
}
${body ? `<h4>Request body${body.required ? '' : ' (optional)'}</h4>${pretty(body.content?.['application/json']?.schema)}` : ''}
<h4>Responses</h4><table><tr><th>status</th><th>description</th><th>schema</th></tr>${Object.entries(responses)
    .map(([status, r]) => {
      const content = r.content as Record<string, { schema?: unknown }> | undefined;
      const schema = content?.['application/json']?.schema;
      return `<tr><td>${escape(status)}</td><td>${prose(r.description)}</td><td>${schema ? pretty(schema) : ''}</td></tr>`;
    })
    .join('')}</table>
</section>`;
}

/** A self-contained HTML page of an OpenAPI document: no scripts, no external resources. */
export function renderDocsPage(doc: Json): string {
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Record<string, Json>;
  const components = (doc.components ?? {}) as Json;
  const ops = Object.entries(paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => operation(path, m, item[m] as Json)));
  const schemas = Object.entries((components.schemas ?? {}) as Record<string, Json>)
    .map(([name, schema]) => `<section class="op"><h3 id="schema-${escape(name)}">${escape(name)}</h3>${schema.description ? `<p>${prose(schema.description)}</p>` : ''}${pretty(schema)}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
.op{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:1em 0}
.method{display:inline-block;min-width:4.5em;text-align:center;color:#fff;border-radius:4px;padding:0 .4em;font-size:.85em}
.get{background:#2b7bb9}.post{background:#2e9b57}.patch{background:#c98a0b}.put{background:#8a5cc2}.delete{background:#c0392b}
.auth{font-size:.8em;background:#eee;border-radius:4px;padding:0 .4em}
table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #eee;text-align:left;vertical-align:top;padding:.3em}
pre{background:#f6f8fa;padding:.5em;overflow:auto;font-size:.85em;margin:0}
</style></head><body>
<h1>${escape(info.title)} <small>${escape(info.version)}</small></h1>
<p>OpenAPI ${escape(doc.openapi)} &middot; <a href="/openapi.json">/openapi.json</a></p>
<p>${prose(info.description)}</p>
<h2>Operations</h2>
${ops.join('\n')}
<h2>Schemas</h2>
${schemas}
</body></html>
`;
}
