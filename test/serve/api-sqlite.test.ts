import { apiSuite } from './api-suite.js';
import { sqliteEngine } from './harness.js';

apiSuite(sqliteEngine());
