import { github } from './github.js';
import type { TrackerImporter } from './tracker.js';

/** The trackers `known import --from NAME` reads. */
export const TRACKERS: Readonly<Record<string, TrackerImporter>> = { github };
