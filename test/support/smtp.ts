import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process (smtp-server, by nodemailer's
 * authors), for testing that mail leaves Shinrai as a mail server sees it.
 * Plain SMTP on 127.0.0.1 with AUTH allowed without TLS: the test checks what
 * is sent, not transport security.
 */
export interface ReceivedMail {
  /** The envelope's recipients, as the server was told them (RCPT TO). */
  readonly recipients: readonly string[];
  /** The login the client authenticated with. */
  readonly user: string | undefined;
  readonly subject: string;
  /** The text body, decoded from its transfer encoding and charset. */
  readonly text: string;
  /** The message as it crossed the wire. */
  readonly raw: string;
}

export interface TestSmtpServer {
  /** smtp://user:password@127.0.0.1:port */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Resolves with the next message to arrive (or the one already waiting beyond `received.length`). */
  next(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtpServer(login: { user: string; password: string }): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiting: ((mail: ReceivedMail) => void)[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) =>
      auth.username === login.user && auth.password === login.password ? callback(null, { user: auth.username }) : callback(new Error('wrong login')),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const user = typeof session.user === 'string' ? session.user : undefined;
        const mail = { recipients: session.envelope.rcptTo.map((r) => r.address), user, ...decode(raw), raw };
        received.push(mail);
        waiting.shift()?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  let taken = 0;
  return {
    url: `smtp://${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}@127.0.0.1:${port}`,
    received,
    next: () => {
      const index = taken++;
      const already = received[index];
      return already ? Promise.resolve(already) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Subject and text of a single-part text message (RFC 2045 transfer encodings, RFC 2047 encoded words). */
function decode(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
  const body = raw.slice(split + 4);
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const bytes = encoding === 'base64' ? Buffer.from(body, 'base64') : encoding === 'quoted-printable' ? quotedPrintable(body) : Buffer.from(body, 'latin1');
  return { subject: encodedWords(header('Subject')), text: bytes.toString('utf8').replace(/\r\n/g, '\n') };
}

function quotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

function encodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
      (kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : quotedPrintable(data.replace(/_/g, ' '))).toString('utf8'),
    );
}
