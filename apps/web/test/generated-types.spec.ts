import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../../test/processes';

/**
 * apps/web/src/gql/ is what GraphQL Code Generator writes from schema.gql and the app's *.graphql operations: never
 * edited by hand. This fails when it is stale (a schema or operation changed without `npm run codegen`) or when an
 * operation no longer matches the schema.
 */
describe('the web app\'s generated GraphQL types', () => {
  it('are up to date with schema.gql and the operations (npm run codegen)', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'codegen.ts', '--check'],
      { cwd: join(ROOT, 'apps/web'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect({ status: result.status, output: result.status === 0 ? '' : `${result.stdout}\n${result.stderr}` }).toEqual({ status: 0, output: '' });
  });
});
