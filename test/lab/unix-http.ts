/**
 * HTTP GET over a gateway's unix socket, with a hard deadline: a frozen agent accepts the
 * connection (the kernel does) but never answers, and the lab must not hang on it.
 */
import { request } from 'node:http';

export interface HttpResponse {
  status: number;
  body: string;
  contentType: string;
}

export function httpGetUnix(socketPath: string, path: string, headers: Record<string, string> = {}, timeoutMs = 2000): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { host: 'lab', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? '') });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const timer = setTimeout(() => req.destroy(new Error(`GET ${path} via ${socketPath}: no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}
