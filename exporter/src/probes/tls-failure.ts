/**
 * Failure kind `tls`: tells a certificate problem apart from the network's, and says
 * which file to look at. gRPC reports TLS failures inside UNAVAILABLE messages, in OpenSSL's or
 * Node's words; those words are matched here. Pure; never quotes a file's content.
 */
import type { ClientTls } from '../config/load';

const CERTIFICATE_WORDS = /certificate|self[- ]signed|unable to (get|verify)|ssl|tls|handshake|alert|altname|wrong version number|Hostname\/IP does not match/i;

/** `missingTls`: the fix when the target has no TLS options (where its CA goes). */
export function tlsFailure(errors: readonly string[], endpoint: string, tls: ClientTls | undefined, missingTls = "set targets.etcd[].tls.caFile to the CA of the members' certificates"): string | undefined {
  const message = errors.find((e) => CERTIFICATE_WORDS.test(e));
  if (message === undefined) {
    // https endpoint without TLS options: the system CAs were used and the connection failed.
    return undefined;
  }
  const words = message.replace(/^\d+ [A-Z_]+: /, '');
  if (tls === undefined) return `${words} (${endpoint}: no tls options; ${missingTls})`;
  if (/altname|does not match|Hostname/i.test(message)) return `${words} (the server certificate does not name ${tls.serverName ?? new URL(endpoint).hostname}; set tls.serverName to a name it holds)`;
  if (/unable to (get|verify)|self[- ]signed|certificate verify failed|unknown ca/i.test(message) && !/alert/i.test(message)) return `${words} (the server certificate is not signed by ${tls.caFile})`;
  if (/alert|bad certificate|certificate required/i.test(message)) {
    return tls.certFile === undefined ? `${words} (the server refused the connection: it asks for a client certificate; set tls.certFile and tls.keyFile)` : `${words} (the server refused the client certificate ${tls.certFile})`;
  }
  return `${words} (CA ${tls.caFile}${tls.certFile === undefined ? '' : `, client certificate ${tls.certFile}`})`;
}
