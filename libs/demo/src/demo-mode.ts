import type { INestApplicationContext, Logger } from '@nestjs/common';
import type { AppConfig } from '@passerelle/config';
import { demoBanner } from './demo-banner.js';
import { demoPortsOf, demoStateDir, startDemoIdentityProviders } from './demo-identity-providers.js';
import { DemoSeeder } from './demo-seeder.js';

export interface RunningDemo {
  /** What to print once the hub listens. */
  readonly banner: string;
  stop(): Promise<void>;
}

/**
 * Demo mode, inside the api process once migrations ran and before it listens: starts the local identity providers and,
 * on a database without any school, writes the demo world.
 */
export async function startDemoMode(app: INestApplicationContext, config: AppConfig, logger: Logger): Promise<RunningDemo> {
  if (config.isProduction) throw new Error('demo mode is refused when NODE_ENV=production');
  const started = Date.now();
  const providers = await startDemoIdentityProviders({ publicUrl: config.PUBLIC_URL, stateDir: demoStateDir(config), ports: demoPortsOf(config) });
  try {
    const seeder = DemoSeeder.of(app);
    let seeded = false;
    let reason: string | undefined;
    if (await seeder.isEmpty()) {
      const result = await seeder.seed(providers.endpoints);
      seeded = result.seeded;
      reason = result.reason;
      logger.log(`Demo mode: demo world written in ${Date.now() - started} ms`);
    } else {
      logger.log('Demo mode: the database already has schools, the demo world is not written again');
    }
    return {
      banner: demoBanner({ url: config.PUBLIC_URL, identityProviders: providers.urls, seeded, notSeededReason: reason }),
      stop: () => providers.stop(),
    };
  } catch (error) {
    await providers.stop();
    throw error;
  }
}
