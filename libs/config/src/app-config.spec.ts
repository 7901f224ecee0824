import { ConfigError, environmentWithFlags, loadConfig } from './app-config.js';

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
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/^Invalid configuration: PORT must be at most 65535$/);
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

  describe('demo mode', () => {
    it('is off unless asked for', () => {
      expect(loadConfig({}).DEMO).toBe(false);
      expect(loadConfig(environmentWithFlags(['node', 'main.js'], {})).DEMO).toBe(false);
    });

    it('is on with --demo on the command line or DEMO=true, with the identity providers on 3001, 3002 and 3003', () => {
      const byFlag = loadConfig(environmentWithFlags(['node', 'main.js', '--demo'], {}));
      expect(byFlag.DEMO).toBe(true);
      expect([byFlag.DEMO_HOME_IDP_PORT, byFlag.DEMO_OIDC_IDP_PORT, byFlag.DEMO_SAML_IDP_PORT]).toEqual([3001, 3002, 3003]);
      expect(loadConfig({ DEMO: 'true', DEMO_SAML_IDP_PORT: '4003' }).DEMO_SAML_IDP_PORT).toBe(4003);
    });

    it('is refused in production, by the flag as by the variable, naming DEMO', () => {
      for (const env of [environmentWithFlags(['--demo'], { NODE_ENV: 'production' }), { NODE_ENV: 'production', DEMO: '1' }]) {
        expect(() => loadConfig(env)).toThrow(ConfigError);
        expect(() => loadConfig(env)).toThrow(/^Invalid configuration: DEMO must be off when NODE_ENV=production/);
      }
      expect(loadConfig({ NODE_ENV: 'production', DEMO: 'false' }).DEMO).toBe(false);
    });

    it('names DEMO when its value is not a boolean', () => {
      expect(() => loadConfig({ DEMO: 'yes' })).toThrow(/DEMO/);
    });
  });

  describe('TRUST_PROXY', () => {
    it('refuses `true`, which would let any client choose its own address, and says what to set instead', () => {
      for (const value of ['true', 'TRUE', 'yes']) {
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^Invalid configuration: TRUST_PROXY must be a hop count \(1 for one reverse proxy in front\) or a comma-separated list of the proxies' addresses or CIDRs/);
      }
    });

    it('takes a hop count, or a list of proxy addresses and CIDRs, and is off by default', () => {
      expect(loadConfig({}).TRUST_PROXY).toBe(false);
      expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
      expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
      expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
      expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,2001:db8::/32' }).TRUST_PROXY).toBe('10.0.0.5,10.1.0.0/16,2001:db8::/32');
      for (const value of ['10.0.0.300', '10.0.0.0/33', 'proxy.example.fr', '11', '-1']) {
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^Invalid configuration: TRUST_PROXY must be/);
      }
    });
  });
});
