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

  it.each([
    '/.//evil.example', '/..//evil.example', '/a/..//evil.example', '/%2e//evil.example', '/%2E%2E//evil.example',
    '/x/%2e%2e//evil.example', '/a/.././/evil.example',
  ])('never answers a protocol-relative // path once dot segments are resolved: %p', (raw) => {
    expect(safeReturnTo(raw)).toBe('/');
  });

  it.each([
    '/%2F%2Fevil.example', '/%2f/evil.example', '/.%2F/evil.example', '/%5Cevil.example', '/%5cevil.example', '/%2F%5Cevil.example',
    '/%252F%252Fevil.example', '/espaces/%5C..%5Cevil',
  ])('refuses a path that decodes to //, /\\ or a backslash (encoded variants): %p', (raw) => {
    expect(safeReturnTo(raw)).toBe('/');
  });

  it('keeps an ordinary encoded path', () => {
    expect(safeReturnTo('/espaces/%C3%A9t%C3%A9?q=a%2Fb')).toBe('/espaces/%C3%A9t%C3%A9?q=a%2Fb');
  });

  it.each(['/', '/espaces/42', '/.//evil.example', '/%2F%2Fevil.example', '/a/..//b'])('never answers a path starting with // or /\\: %p', (raw) => {
    const answer = safeReturnTo(raw);
    expect(answer.startsWith('/')).toBe(true);
    expect(answer).not.toMatch(/^\/[/\\]/);
  });
});
