import { chooseEncoding, StaticFile } from './web-app-files';

describe('choosing the precompressed twin of a file', () => {
  const file: StaticFile = { body: Buffer.from('plain'), contentType: 'text/javascript', brotli: Buffer.from('br'), gzip: Buffer.from('gz') };

  it('prefers brotli, then gzip, then the file itself', () => {
    expect(chooseEncoding(file, 'gzip, deflate, br, zstd').encoding).toBe('br');
    expect(chooseEncoding(file, 'gzip, deflate').encoding).toBe('gzip');
    expect(chooseEncoding(file, undefined)).toEqual({ body: file.body });
  });

  it('honours q=0 and a missing twin', () => {
    expect(chooseEncoding(file, 'br;q=0, gzip').encoding).toBe('gzip');
    expect(chooseEncoding({ ...file, brotli: undefined }, 'br').encoding).toBeUndefined();
  });
});
