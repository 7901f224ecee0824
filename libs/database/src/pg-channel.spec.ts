import { PgChannel } from './pg-channel.js';

/** The in-process side of PgChannel (the embedded database has no LISTEN); the LISTEN side is proven end to end by the chat and notifications tests. */
describe('PgChannel on the embedded database', () => {
  const channel = () => new PgChannel<{ id: string; to: string }>({
    url: undefined, channel: 'test_channel', applicationName: 'test', parse: (payload) => payload as { id: string; to: string },
  });

  it('hands what writers publish to the followers that accept it, in order', async () => {
    const stream = channel();
    const mine = stream.follow((event) => (event.to === 'a' ? event.id : undefined));
    stream.published([{ id: '1', to: 'a' }, { id: '2', to: 'b' }, { id: '3', to: 'a' }]);
    expect(await mine.next()).toEqual({ done: false, value: '1' });
    expect(await mine.next()).toEqual({ done: false, value: '3' });
    await mine.return!();
    expect(await mine.next()).toEqual({ done: true, value: undefined });
  });

  it('stops a waiting follower when its consumer returns, and forgets it', async () => {
    const stream = channel();
    const follower = stream.follow((event) => event.id);
    const waiting = follower.next();
    await follower.return!();
    expect(await waiting).toEqual({ done: true, value: undefined });
    const seen: string[] = [];
    const off = stream.on((event) => seen.push(event.id));
    stream.published([{ id: '4', to: 'a' }]);
    off();
    stream.published([{ id: '5', to: 'a' }]);
    expect(seen).toEqual(['4']);
  });

  it('refuses a channel name that is not a plain identifier (it is written into LISTEN)', () => {
    expect(() => new PgChannel({ url: undefined, channel: 'x; DROP TABLE y', applicationName: 't', parse: () => null })).toThrow(/invalid channel/);
  });
});
