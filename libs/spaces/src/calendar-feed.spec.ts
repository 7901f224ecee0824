import { feedTokenHash, feedTokenOf, feedUrl, newFeedToken } from './calendar-feed';

describe('calendar feed tokens', () => {
  it('makes 256-bit tokens that a feed URL carries and gives back', () => {
    const token = newFeedToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newFeedToken()).not.toBe(token);
    const url = feedUrl('https://passerelle.example.fr/', token);
    expect(url).toBe(`https://passerelle.example.fr/agenda/${token}.ics`);
    expect(feedTokenOf(url.split('/').pop()!)).toBe(token);
  });

  it('refuses segments that cannot be a token', () => {
    expect(feedTokenOf('abc.ics')).toBeNull();
    expect(feedTokenOf(`${newFeedToken()}.ical`)).toBeNull();
    expect(feedTokenOf(`${newFeedToken()}x.ics`)).toBeNull();
    expect(feedTokenOf(`${'a'.repeat(42)}%.ics`)).toBeNull();
  });

  it('keeps a 32-byte hash, never the token', () => {
    const token = newFeedToken();
    const hash = feedTokenHash(token);
    expect(hash).toHaveLength(32);
    expect(hash.toString('base64url')).not.toBe(token);
    expect(feedTokenHash(token).equals(hash)).toBe(true);
  });

});
