import { SchemaValidatorBusyError, SchemaValidatorPool } from './saml-schema-validator.js';

const LOGOUT_RESPONSE = (extra = '') => '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
  + 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">'
  + `${extra}<saml:Issuer>urn:test</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>`
  + '</samlp:Status></samlp:LogoutResponse>';

/** The schema validator's pool of worker threads (ADR 0020); the memory test signs in 2,000 times (saml-memory.e2e-spec.ts). */
describe('SAML schema validation in long-lived worker threads', () => {
  const pools: SchemaValidatorPool[] = [];
  const pool = (options?: ConstructorParameters<typeof SchemaValidatorPool>[0]) => {
    const created = new SchemaValidatorPool(options);
    pools.push(created);
    return created;
  };
  afterAll(() => Promise.all(pools.map((p) => p.close())));

  it('accepts a message that conforms to the SAML 2.0 schemas and refuses unexpected structure', async () => {
    const validator = pool();
    await expect(validator.validate(LOGOUT_RESPONSE())).resolves.toEqual({ valid: true, errors: expect.any(String) });
    const unexpected = await validator.validate(LOGOUT_RESPONSE('<saml:Assertion/>'));
    expect(unexpected.valid).toBe(false);
    expect(unexpected.errors).toContain('This element is not expected');
    // An attribute the schema does not know, a missing required one, a bad date, text that is not XML.
    expect((await validator.validate(LOGOUT_RESPONSE().replace('ID="_r1"', 'ID="_r1" Evil="1"'))).valid).toBe(false);
    expect((await validator.validate(LOGOUT_RESPONSE().replace(' Version="2.0"', ''))).valid).toBe(false);
    expect((await validator.validate(LOGOUT_RESPONSE().replace('2026-01-01T00:00:00Z', 'yesterday'))).valid).toBe(false);
    expect((await validator.validate('not xml')).valid).toBe(false);
  });

  it('runs at most `size` threads and queues the rest, each validation answered once', async () => {
    const validator = pool({ size: 2 });
    const verdicts = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      validator.validate(i % 2 === 0 ? LOGOUT_RESPONSE() : LOGOUT_RESPONSE('<x/>')).then((v) => v.valid)));
    expect(validator.threads).toBeLessThanOrEqual(2);
    expect(verdicts).toEqual(Array.from({ length: 20 }, (_, i) => i % 2 === 0));
  });

  it('bounds the validations waiting for a worker: past maxWaiting one is refused at once, the others answered', async () => {
    const validator = pool({ size: 1, maxWaiting: 2 });
    const outcomes = Array.from({ length: 5 }, () => validator.validate(LOGOUT_RESPONSE()).then((v) => v.valid, (e: unknown) => e));
    // One runs, two wait; the fourth and fifth were not queued.
    expect(validator.waiting).toBe(2);
    const settled = await Promise.all(outcomes);
    expect(settled.slice(0, 3)).toEqual([true, true, true]);
    expect(settled[3]).toBeInstanceOf(SchemaValidatorBusyError);
    expect(settled[4]).toBeInstanceOf(SchemaValidatorBusyError);
    expect(validator.waiting).toBe(0);
    // Room again once the queue has drained.
    expect((await validator.validate(LOGOUT_RESPONSE())).valid).toBe(true);
  });

  it('waits for up to 64 validations by default', async () => {
    const validator = pool({ size: 1 });
    const outcomes = Array.from({ length: 66 }, () => validator.validate('not xml').then((v) => v.valid, (e: unknown) => e));
    expect(validator.waiting).toBe(64);
    const settled = await Promise.all(outcomes);
    expect(settled.filter((v) => v === false)).toHaveLength(65);
    expect(settled[65]).toBeInstanceOf(SchemaValidatorBusyError);
  });

  it('refuses a validation that overruns its time and replaces the worker', async () => {
    const validator = pool({ size: 1, timeoutMs: 1 });
    await expect(validator.validate(LOGOUT_RESPONSE())).rejects.toThrow('schema validation timed out');
    expect(validator.threads).toBe(0);
  });

  it('starts again after close', async () => {
    const validator = pool({ size: 1 });
    expect((await validator.validate(LOGOUT_RESPONSE())).valid).toBe(true);
    await validator.close();
    expect(validator.threads).toBe(0);
    expect((await validator.validate(LOGOUT_RESPONSE())).valid).toBe(true);
    expect(validator.threads).toBe(1);
  });
});
