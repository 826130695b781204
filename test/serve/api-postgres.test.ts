import { it } from 'vitest';
import { requirePostgres } from '../support/postgres.js';
import { apiSuite } from './api-suite.js';
import { postgresEngine } from './harness.js';

const engine = postgresEngine();
if (engine === null) it('runs the API suite on PostgreSQL', (ctx) => requirePostgres(ctx));
else apiSuite(engine);
