/** The SSE parser: events split across chunks anywhere, comments, multi-line data, CRLF. */
import { SseParser, type SseEvent } from '../src/sse-parser';

function parse(chunks: readonly string[]): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const parser = new SseParser((event) => events.push(event), (comment) => comments.push(comment));
  for (const chunk of chunks) parser.push(Buffer.from(chunk, 'utf8'));
  return { events, comments };
}

test('reads events split inside lines and inside a multi-byte character', () => {
  const text = 'retry: 1000\n: keepalive every 5000 ms\n\nevent: mode\nid: 7\ndata: {"reason":"é"}\n\n';
  const bytes = Buffer.from(text, 'utf8');
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (let i = 0; i < bytes.length; i += 3) parser.push(bytes.subarray(i, i + 3));
  expect(events).toEqual([{ event: 'mode', id: '7', data: '{"reason":"é"}' }]);
});

test('joins data lines, defaults the event name, accepts CRLF and ignores a block without data', () => {
  expect(parse(['data: a\r\ndata: b\r\n\r\n', 'event: ping\n\n', ': keepalive\n\n'])).toEqual({
    events: [{ event: 'message', data: 'a\nb' }],
    comments: ['keepalive'],
  });
});
