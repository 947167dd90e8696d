import { join } from 'node:path';
import { Inject, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { dashboardRoute } from './dashboard-route';

const DASHBOARD_DIR = Symbol('DASHBOARD_DIR');

/**
 * The dashboard's built files (`npm run build` → dist/apps/dashboard) at `/`, every other path
 * that is not the api's answered with its index.html, for the app to route. The page holds an api
 * key, so it may not be framed and runs only its own scripts.
 */
const HEADERS = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

@Module({})
export class DashboardModule implements NestModule {
  static forRoot(dir: string): DynamicModule {
    return { module: DashboardModule, providers: [{ provide: DASHBOARD_DIR, useValue: dir }] };
  }

  constructor(@Inject(DASHBOARD_DIR) private readonly dir: string) {}

  configure(consumer: MiddlewareConsumer): void {
    const dir = this.dir;
    consumer
      .apply((req: Request, res: Response, next: NextFunction) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        const route = dashboardRoute(req.path);
        if (route.kind === 'api') return next();
        const notFound = () => res.status(404).json({ error: { code: 'not_found', message: `Nothing at ${req.path}.` } });
        if (route.kind === 'not_found') return notFound();
        const file = route.kind === 'page' ? 'index.html' : route.file;
        const cache = route.kind === 'file' && route.immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
        res.sendFile(join(dir, file), { headers: { ...HEADERS, 'Cache-Control': cache }, dotfiles: 'deny' }, (err?: Error) => {
          if (!err || res.headersSent) return;
          if (route.kind === 'page') {
            res.status(404).json({ error: { code: 'dashboard_not_built', message: 'The dashboard is not built: run `npm run build`.' } });
          } else notFound();
        });
      })
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
