import { createHmac } from 'node:crypto';
import { datagramHead, decodeHeartbeat, encodeHeartbeat, encodeWithHead, MAX_HEARTBEAT_BYTES, MAX_ROW_DATAGRAM_BYTES } from '../../src/mesh/heartbeat-codec';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const hb = { cluster: 'prod', sender: 'n1', recipient: 'n2', epoch: 1795680000000, seq: 42, sentAt: 1795680001234, echo: 1795670000000 };

describe('heartbeat codec', () => {
  it('round-trips a signed heartbeat as one readable line naming its recipient and echoing its epoch', () => {
    const datagram = encodeHeartbeat(hb, secret);
    expect(datagram.toString().startsWith('ns2 prod n1 n2 1795680000000 42 1795680001234 1795670000000 ')).toBe(true);
    expect(datagram.length).toBe(103);
    expect(decodeHeartbeat(datagram, secret)).toEqual({ ok: true, kind: 'heartbeat', heartbeat: hb });
  });

  it('writes every number as its decimal text, byte for byte the line node:crypto signs, a head made once included', () => {
    // The oracle: the line as text, signed with node:crypto's HMAC in base64url.
    const line = (f: typeof hb) => `ns2 ${f.cluster} ${f.sender} ${f.recipient} ${f.epoch} ${f.seq} ${f.sentAt} ${f.echo}`;
    const signed = (text: string) => `${text} ${createHmac('sha256', secret).update(text).digest('base64url')}`;
    const cases = [hb, { ...hb, seq: 0, echo: 0 }, { ...hb, seq: 9, sentAt: 10, echo: 99 }, { ...hb, seq: 1_000_000, epoch: 9_007_199_254_740_991 }, { ...hb, seq: -2 }, { ...hb, sentAt: 1.5 }, { ...hb, sentAt: 2 ** 31, echo: 2 ** 31 - 1 }, { ...hb, epoch: 1_700_000_000_001, sentAt: 100_000_000 }];
    expect(cases.map((f) => encodeHeartbeat(f, secret).toString('latin1'))).toEqual(cases.map((f) => signed(line(f))));
    const head = datagramHead('heartbeat', hb.cluster, hb.sender, hb.recipient, hb.epoch);
    expect(encodeWithHead(head, 7, 123, 0, secret).toString('latin1')).toBe(signed(line({ ...hb, seq: 7, sentAt: 123, echo: 0 })));
  });

  it('rejects a tampered field, the recipient and the echo included', () => {
    const text = encodeHeartbeat(hb, secret).toString();
    expect(decodeHeartbeat(Buffer.from(text.replace(' 42 ', ' 43 ')), secret)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(decodeHeartbeat(Buffer.from(text.replace(' n2 ', ' n3 ')), secret)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(decodeHeartbeat(Buffer.from(text.replace(' 1795670000000 ', ' 1795670000001 ')), secret)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a tampered or truncated signature', () => {
    const text = encodeHeartbeat(hb, secret).toString();
    const flipped = text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');
    expect(decodeHeartbeat(Buffer.from(flipped), secret)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(decodeHeartbeat(Buffer.from(text.slice(0, -5)), secret)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects the right datagram under another secret', () => {
    expect(decodeHeartbeat(encodeHeartbeat(hb, secret), Buffer.from('another-secret-of-32-bytes-long!'))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('tells unsigned, truncated, malformed, old-version and oversized apart', () => {
    expect(decodeHeartbeat(Buffer.from('ns2 prod n1 n2 1 2 3 0'), secret)).toEqual({ ok: false, reason: 'unsigned' });
    expect(decodeHeartbeat(Buffer.from('ns2 prod n1 n2 1 2 3'), secret)).toEqual({ ok: false, reason: 'malformed' });
    // Version 1 had no recipient: an agent of the old version is refused, never half-understood.
    expect(decodeHeartbeat(Buffer.from('ns1 prod n1 1 2 3 sig'), secret)).toEqual({ ok: false, reason: 'unsupported_version' });
    expect(decodeHeartbeat(Buffer.from('ns3 prod n1 n2 1 2 3 0 sig'), secret)).toEqual({ ok: false, reason: 'unsupported_version' });
    expect(decodeHeartbeat(Buffer.from('ns2 prod n1 n2 1 -2 3 0 sig'), secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeHeartbeat(Buffer.from('ns2 pr/od n1 n2 1 2 3 0 sig'), secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeHeartbeat(Buffer.from('ns2 prod n1 n/2 1 2 3 0 sig'), secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeHeartbeat(Buffer.from([0xff, 0xfe, 0x00]), secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeHeartbeat(Buffer.alloc(MAX_HEARTBEAT_BYTES + 1, 0x41), secret)).toEqual({ ok: false, reason: 'oversized' });
  });

  it('lets only a row datagram be longer than a heartbeat, up to its own limit', () => {
    const row = (runs: string) => encodeHeartbeat(hb, secret, 'row', { seq: 7, membersDigest: 'A'.repeat(43), runs });
    const longest = row('ud'.repeat(622));
    expect([longest.length, decodeHeartbeat(longest, secret).ok]).toEqual([MAX_ROW_DATAGRAM_BYTES, true]);
    const tooLong = row(`${'ud'.repeat(622)}u`);
    expect([tooLong.length, decodeHeartbeat(tooLong, secret)]).toEqual([MAX_ROW_DATAGRAM_BYTES + 1, { ok: false, reason: 'oversized' }]);
    // A heartbeat padded to a row's size is refused before it is parsed.
    expect(decodeHeartbeat(Buffer.concat([encodeHeartbeat(hb, secret), Buffer.alloc(600, 0x20)]), secret)).toEqual({ ok: false, reason: 'oversized' });
  });

  it('decodes every name right when more names come than the name cache keeps (slots shared, evicted)', () => {
    const names = Array.from({ length: 6000 }, (_, i) => `node-${i.toString(36)}`);
    const senders = (order: readonly string[]) => order.map((sender) => {
      const decoded = decodeHeartbeat(encodeHeartbeat({ ...hb, sender }, secret), secret);
      return decoded.ok ? decoded.heartbeat.sender : decoded.reason;
    });
    expect(senders(names)).toEqual(names);
    expect(senders([...names].reverse())).toEqual([...names].reverse());
  });

  it('parses every kind in place: a row datagram with and without its row signature, a hello to anyone', () => {
    const digest = 'A'.repeat(43);
    const sig = 'b'.repeat(86);
    const signedRow = encodeHeartbeat(hb, secret, 'row', { seq: 7, membersDigest: digest, runs: 'u999d', sig });
    expect(decodeHeartbeat(signedRow, secret)).toEqual({ ok: true, kind: 'row', heartbeat: hb, row: { seq: 7, membersDigest: digest, runs: 'u999d', sig } });
    const unsignedRow = encodeHeartbeat(hb, secret, 'row', { seq: 7, membersDigest: digest, runs: 'u?3' });
    expect(decodeHeartbeat(unsignedRow, secret)).toEqual({ ok: true, kind: 'row', heartbeat: hb, row: { seq: 7, membersDigest: digest, runs: 'u?3' } });
    const hello = { ...hb, recipient: '-', seq: 0, echo: 0 };
    expect(decodeHeartbeat(encodeHeartbeat(hello, secret, 'hello'), secret)).toEqual({ ok: true, kind: 'hello', heartbeat: hello });
  });

  it('refuses what the parser must not take: runs not starting with a state, a short digest, a byte outside the token set, a trailing space, a field too many', () => {
    const digest = 'A'.repeat(43);
    expect(decodeHeartbeat(encodeHeartbeat(hb, secret, 'row', { seq: 7, membersDigest: digest, runs: '9u' }), secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeHeartbeat(encodeHeartbeat(hb, secret, 'row', { seq: 7, membersDigest: digest.slice(1), runs: 'u' }), secret)).toEqual({ ok: false, reason: 'malformed' });
    const text = encodeHeartbeat(hb, secret).toString('latin1');
    expect(decodeHeartbeat(Buffer.from(text.replace(' n1 ', ' n\u00e9 '), 'latin1'), secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeHeartbeat(Buffer.from(`${text.split(' ').slice(0, 8).join(' ')} `), secret)).toEqual({ ok: false, reason: 'unsigned' });
    expect(decodeHeartbeat(Buffer.from(`${text} extra`), secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(decodeHeartbeat(Buffer.from(text.replace(' 42 ', '  42 ')), secret)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reads 16-digit numbers as Number() does', () => {
    const big = { ...hb, seq: 2 ** 53 + 2, sentAt: 1234567890123456 };
    const decoded = decodeHeartbeat(encodeHeartbeat(big, secret), secret);
    expect(decoded.ok && decoded.heartbeat.seq).toBe(Number('9007199254740994'));
    expect(decoded.ok && decoded.heartbeat.sentAt).toBe(1234567890123456);
  });
});
