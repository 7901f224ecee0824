import { checkPartnerUrl, isLoopbackHttp } from './partner-urls';

describe('partner URLs', () => {
  it('accepts https anywhere and plain http on the loopback only', () => {
    expect(checkPartnerUrl(' https://ent.college.example/oidc ', "L'adresse")).toBe('https://ent.college.example/oidc');
    expect(checkPartnerUrl('http://127.0.0.1:3002', "L'adresse")).toBe('http://127.0.0.1:3002');
    expect(checkPartnerUrl('http://localhost:3003/metadata', "L'adresse")).toBe('http://localhost:3003/metadata');
    expect(() => checkPartnerUrl('http://ent.college.example', "L'adresse", ['issuer']))
      .toThrow("L'adresse doit commencer par https://.");
    expect(() => checkPartnerUrl('https://user:secret@ent.college.example', "L'adresse")).toThrow(/identifiants/);
  });

  it('tells plain http on the loopback apart (demo mode allows only that)', () => {
    expect(isLoopbackHttp(new URL('http://127.0.0.1:3001'))).toBe(true);
    expect(isLoopbackHttp(new URL('http://[::1]:3001'))).toBe(true);
    expect(isLoopbackHttp(new URL('http://localhost'))).toBe(true);
    expect(isLoopbackHttp(new URL('https://127.0.0.1'))).toBe(false);
    expect(isLoopbackHttp(new URL('http://127.0.0.1.example'))).toBe(false);
    expect(isLoopbackHttp(new URL('http://ent.college.example'))).toBe(false);
  });
});
