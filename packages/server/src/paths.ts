import { fileURLToPath } from 'node:url';

// Where the server's files are, from this module's place: one folder below the server package, both as a source file
// (src/paths.ts, through tsx) and inside the built bundle (dist/smartcity.js), so the same paths hold in both.

/** packages/server/ */
export const SERVER_DIR = fileURLToPath(new URL('../', import.meta.url));
/** The repository's reference data (see data/README.md for sources). */
export const DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));
/** drizzle-kit's migrations */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));
/** the web app's build */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
