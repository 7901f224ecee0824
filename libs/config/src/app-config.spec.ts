import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.embeddedDatabase).toBe(true);
    expect(config.embeddedJobs).toBe(true);
    expect(config.introspection).toBe(true);
    expect(config.cookieSecure).toBe(false);
  });

  it('names DATABASE_URL and what it expects when it is not a postgres URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'bogus' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'bogus' })).toThrow('Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL');
  });

  it('names PORT when it is not a number in range', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT must be/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('never prints a secret value in its message', () => {
    try {
      loadConfig({ ADMIN_LOGIN: 'admin', ADMIN_PASSWORD: 'tiny-pw' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('ADMIN_PASSWORD');
      expect((error as Error).message).not.toContain('tiny-pw');
    }
  });

  it('refuses REDIS_URL without DATABASE_URL: a separate worker could not reach the embedded database', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/^Invalid configuration: DATABASE_URL must be set when REDIS_URL is set/);
  });

  it('requires ADMIN_LOGIN and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_LOGIN: 'admin' })).toThrow(/ADMIN_PASSWORD must be set together with ADMIN_LOGIN/);
  });

  it('turns introspection off and secure cookies on for production over https', () => {
    const config = loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://passerelle.example.fr' });
    expect(config.introspection).toBe(false);
    expect(config.cookieSecure).toBe(true);
  });

  it('parses booleans and integers from strings', () => {
    const config = loadConfig({ MIGRATIONS_RUN: 'false', SESSION_IDLE_MINUTES: '5', GRAPHQL_INTROSPECTION: 'true', NODE_ENV: 'production' });
    expect(config.MIGRATIONS_RUN).toBe(false);
    expect(config.SESSION_IDLE_MINUTES).toBe(5);
    expect(config.introspection).toBe(true);
  });
});
