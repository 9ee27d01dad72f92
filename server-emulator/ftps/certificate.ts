/**
 * The FTPS server's self-signed certificate (contract §12): made once at first start with the
 * `openssl` command (node:crypto can make keys but not X.509 certificates) into
 * `<data>/ftps-cert.pem` and `<data>/ftps-key.pem` (mode 0600), and reused across restarts so a
 * client that accepted its fingerprint keeps connecting. node.
 */
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { chmod, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export type Certificate = {
  cert: string;
  key: string;
  /** `SHA256:<base64, no padding>` of the certificate's DER bytes. */
  fingerprint: string;
};

/** Loads the certificate of `dataDir`, making it the first time. */
export async function loadOrCreateCertificate(dataDir: string): Promise<Certificate> {
  const certFile = join(dataDir, 'ftps-cert.pem');
  const keyFile = join(dataDir, 'ftps-key.pem');
  const existing = await readPair(certFile, keyFile);
  if (existing) return existing;
  // Written under temp names and renamed, so a crash never leaves a certificate without its key.
  const tag = `${process.pid}-${Date.now()}`;
  const tmpCert = `${certFile}.${tag}`;
  const tmpKey = `${keyFile}.${tag}`;
  try {
    await runOpenssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '3650',
      '-subj',
      '/CN=SFTP Import Emulator',
      '-addext',
      'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
      '-keyout',
      tmpKey,
      '-out',
      tmpCert,
    ]);
    await chmod(tmpKey, 0o600);
    await rename(tmpKey, keyFile);
    await rename(tmpCert, certFile);
  } finally {
    await rm(tmpCert, { force: true });
    await rm(tmpKey, { force: true });
  }
  const made = await readPair(certFile, keyFile);
  if (!made) throw new Error('the FTPS certificate could not be written to the data folder');
  return made;
}

/** `SHA256:<base64, no padding>` of a certificate's DER bytes, as OpenSSH prints host keys. */
export function certificateFingerprint(pem: string): string {
  const der = new X509Certificate(pem).raw;
  return 'SHA256:' + createHash('sha256').update(der).digest('base64').replace(/=+$/, '');
}

async function readPair(certFile: string, keyFile: string): Promise<Certificate | undefined> {
  let cert: string;
  let key: string;
  try {
    cert = await readFile(certFile, 'utf8');
    key = await readFile(keyFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return { cert, key, fingerprint: certificateFingerprint(cert) };
  } catch {
    throw new Error(
      `${certFile} is not a valid certificate; delete it and ftps-key.pem to make a new one`,
    );
  }
}

function runOpenssl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { timeout: 60_000 }, (err, _out, stderr) => {
      if (!err) return resolve();
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new Error(
          missing
            ? 'FTPS needs the openssl command to make its certificate; install openssl or start with --no-ftps'
            : `openssl could not make the FTPS certificate: ${stderr.trim() || err.message}`,
        ),
      );
    });
  });
}
