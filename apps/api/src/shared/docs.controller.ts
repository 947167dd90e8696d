import { Controller, Get, Header } from '@nestjs/common';
import { buildOpenApiDocument } from '../openapi';
import { renderDocsPage } from './docs-page';

/** The OpenAPI document and a readable page of it; public, no API key (the document is not a secret). */
@Controller()
export class DocsController {
  private readonly document = buildOpenApiDocument();
  private readonly page = renderDocsPage(this.document);

  @Get('openapi.json')
  openapi() {
    return this.document;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs(): string {
    return this.page;
  }
}
