// The cache of parsed manifests (skipped while agent-os.yml is unchanged) across Agent OS versions: a parse
// made by another version of the schema is made again, never reused.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MANIFEST_SCHEMA_HASH, manifestSchema } from '../../src-main/core/projects/manifest-schema';
import { withDatabase } from '../helpers/db';
import { manifest, startEngine } from '../helpers/engine';
import { createSandbox, writeConfig, writeProject } from '../helpers/fixtures';

describe('the manifest parse cache', () => {
  it('is keyed by the schema: changing the schema without updating MANIFEST_SCHEMA_HASH fails here', async () => {
    const actual = createHash('sha256')
      .update(JSON.stringify(z.toJSONSchema(manifestSchema, { unrepresentable: 'any', io: 'output' })))
      .digest('hex')
      .slice(0, 16);
    expect(MANIFEST_SCHEMA_HASH, `the manifest schema changed: set MANIFEST_SCHEMA_HASH to '${actual}' so parses cached by older versions are made again`).toBe(
      actual,
    );
  });
});

describe('a home upgraded from an older Agent OS', () => {
  it('parses again a manifest whose cached parse an older version made, instead of using it', async () => {
    const box = createSandbox();
    try {
      const dir = writeProject(box.root, 'shop', { manifest: manifest('shop', { sync: ['command: ["true"]'] }) });
      writeConfig(box.home, [dir]);
      const first = await startEngine(box.home);
      await first.stop();
      // What an older version cached: the bare parse, made before tasks had fields they have now.
      withDatabase(box.home, (db) => {
        const old = {
          name: 'shop',
          dir,
          manifestPath: join(dir, 'agent-os.yml'),
          manifest: { tasks: { sync: { command: ['true'], cwd: '.' } }, triggers: [] },
          errors: [],
        };
        db.prepare('UPDATE manifest_cache SET loaded_json = ?').run(JSON.stringify(old));
      });
      const again = await startEngine(box.home);
      expect(again.handlers['status.get']().projects[0]).toMatchObject({ name: 'shop', state: 'ok', tasks: [{ id: 'shop/sync', state: 'never' }] });
      await again.stop();
    } finally {
      box.cleanup();
    }
  });
});
