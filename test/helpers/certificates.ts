// Certificates for the TLS tests, made fresh by the `openssl` CLI (Debian ships it; node:crypto
// cannot write X.509): a CA, and a server certificate it signed for localhost and 127.0.0.1.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** PEM of the CA a client trusts (`--tls-ca`). */
  ca: string;
  /** PEM of the server's certificate and key (`--tls-cert`, `--tls-key`). */
  cert: string;
  key: string;
  /** The same three as files, for the CLI. */
  files: { ca: string; cert: string; key: string };
  /** A second, unrelated CA: a client trusting only it must refuse the server. */
  otherCa: string;
  remove(): Promise<void>;
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(path.join(tmpdir(), 'evc-certs-'));
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): Promise<unknown> => run('openssl', args, { cwd: dir });
  for (const ca of ['ca', 'other-ca']) {
    await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '2', '-subj', `/CN=evc test ${ca}`);
  }
  await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  await writeFile(file('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  await openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  const [ca, cert, key, otherCa] = await Promise.all(['ca.pem', 'server.pem', 'server.key', 'other-ca.pem'].map((name) => readFile(file(name), 'utf8')));
  return {
    ca: ca!,
    cert: cert!,
    key: key!,
    otherCa: otherCa!,
    files: { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
