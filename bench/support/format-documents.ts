/**
 * Formats the generated documents with the repository's own formatter, so `npm run lint`
 * (Biome, which also formats Markdown tables) stays clean after every `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Returns a warning instead of throwing: an unformatted document is still a correct one. */
export const formatDocuments = (rootDir: string, paths: readonly string[]): string | undefined => {
  try {
    execFileSync(join(rootDir, 'node_modules/.bin/biome'), ['format', '--write', ...paths], {
      cwd: rootDir,
      stdio: 'pipe',
    });
    return undefined;
  } catch (error) {
    return `could not format ${paths.join(', ')} with Biome: ${error instanceof Error ? error.message : String(error)}`;
  }
};
