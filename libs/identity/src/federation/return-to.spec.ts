import { safeReturnTo } from './return-to.js';

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/espaces/42?onglet=mur#fil', '/espaces/42?onglet=mur#fil'],
    ['/a/../b', '/b'],
  ])('keeps the same-origin path %s', (raw, expected) => {
    expect(safeReturnTo(raw)).toBe(expected);
  });

  it.each([
    'https://evil.example/', 'http://evil.example', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)',
    'data:text/html,x', 'espaces', '/ok\nSet-Cookie: x=1', '/\t/evil.example', '/x\u0000', `/${'a'.repeat(2048)}`, '', undefined, 42,
    ['/'], '/%0d%0aLocation:%20https://evil.example'.replace('%0d%0a', '\r\n'),
  ])('refuses %p and answers /', (raw) => {
    expect(safeReturnTo(raw)).toBe('/');
  });

  it('keeps percent-encoded slashes as a path, not a host', () => {
    expect(safeReturnTo('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
  });
});
