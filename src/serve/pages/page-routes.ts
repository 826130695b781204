import type { Hono } from 'hono';
import type { AppEnv, ServeDeps } from '../app-env.js';

/** The server-rendered pages. */
export function pageRoutes(_app: Hono<AppEnv>, _deps: ServeDeps): void {}
