import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from './api-errors';
import { buildOpenApiDocument } from '../openapi';
import { DOCS_ASSETS, DOCS_HEADERS, DOCS_INITIALIZER, DOCS_INITIALIZER_SCRIPT, renderDocsPage } from './docs-page';

const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

/** The OpenAPI document and its reference page; public, no API key (the document is not a secret). */
@Controller()
export class DocsController {
  private readonly document = buildOpenApiDocument();
  private readonly page = renderDocsPage(this.document.info.title);
  /** Read once, at boot: a few MB, served with every /docs visit. */
  private readonly assets = new Map(Object.entries(DOCS_ASSETS).map(([file, type]) => [file, { type, body: readFileSync(join(SWAGGER_UI_DIR, file)) }]));

  @Get('openapi.json')
  openapi() {
    return this.document;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs(@Res({ passthrough: true }) res: Response): string {
    res.set(DOCS_HEADERS);
    return this.page;
  }

  @Get('docs/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    res.set({ ...DOCS_HEADERS, 'Cache-Control': 'public, max-age=3600' });
    if (file === DOCS_INITIALIZER) {
      res.type('text/javascript; charset=utf-8').send(DOCS_INITIALIZER_SCRIPT);
      return;
    }
    const asset = Object.hasOwn(DOCS_ASSETS, file) ? this.assets.get(file) : undefined;
    if (!asset) throw new ApiError('not_found', `No file ${file} in /docs.`);
    res.type(asset.type).send(asset.body);
  }
}
