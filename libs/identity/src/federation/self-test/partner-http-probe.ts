import { Injectable } from '@nestjs/common';
import { DomainError } from '@passerelle/errors';
import { checkProbeUrl } from './self-test-rules.js';

/** Every request of the self-test gives up after this. */
export const PROBE_TIMEOUT_MS = 5_000;
/** Bodies read (discovery, JWKS, metadata) are cut off beyond this. */
export const PROBE_MAX_BYTES = 512 * 1024;

export interface ProbeAnswer {
  readonly status: number;
  /** The HTTP `Date` header, as sent. */
  readonly date: string | null;
  readonly sentAt: number;
  readonly receivedAt: number;
  /** Only when asked for (GET with readBody). */
  readonly body: string | null;
}

export type ProbeOutcome =
  | { readonly kind: 'ANSWER'; readonly answer: ProbeAnswer }
  | { readonly kind: 'FAILURE'; readonly message: string; readonly answer?: ProbeAnswer };

export interface ProbeOptions {
  readonly method: 'HEAD' | 'GET';
  readonly readBody?: boolean;
  readonly accept?: string;
}

/**
 * Outgoing requests of the partner self-test: only to partner URLs the hub accepts (https, or http on the loopback for
 * the local identity providers), 5 s timeout, redirects never followed (a 3xx is an answer), bodies capped.
 * Never throws: a failure is an outcome with a French message for the administrator.
 */
@Injectable()
export class PartnerHttpProbe {
  async request(rawUrl: string, what: string, options: ProbeOptions): Promise<ProbeOutcome> {
    let url: string;
    try {
      url = checkProbeUrl(rawUrl, what);
    } catch (error) {
      return { kind: 'FAILURE', message: error instanceof DomainError ? error.message : `${what} est invalide.` };
    }
    const sentAt = Date.now();
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method, redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        headers: { accept: options.accept ?? '*/*', 'user-agent': 'Passerelle-self-test' },
      });
    } catch (error) {
      return { kind: 'FAILURE', message: `${what} (${url}) ${describeNetworkError(error)}.` };
    }
    const receivedAt = Date.now();
    const head = { status: response.status, date: response.headers.get('date'), sentAt, receivedAt };
    if (!options.readBody) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'ANSWER', answer: { ...head, body: null } };
    }
    try {
      const body = await readCapped(response, PROBE_MAX_BYTES);
      if (body === null) return { kind: 'FAILURE', message: `${what} (${url}) renvoie plus de ${PROBE_MAX_BYTES / 1024} Ko.`, answer: { ...head, body: null } };
      return { kind: 'ANSWER', answer: { ...head, body } };
    } catch (error) {
      return { kind: 'FAILURE', message: `${what} (${url}) ${describeNetworkError(error)}.`, answer: { ...head, body: null } };
    }
  }
}

function describeNetworkError(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `n'a pas répondu en ${PROBE_TIMEOUT_MS / 1000} s`;
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  if (code === 'ECONNREFUSED') return 'refuse la connexion (aucun serveur à cette adresse)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'est introuvable (nom de domaine inconnu)';
  if (typeof code === 'string' && /CERT|SSL|TLS/i.test(code)) return `a un certificat TLS refusé (${code})`;
  return `est injoignable${typeof code === 'string' ? ` (${code})` : ''}`;
}

/** The body as UTF-8 text, or null beyond `max` bytes (the rest is not downloaded). */
async function readCapped(response: Response, max: number): Promise<string | null> {
  if (Number(response.headers.get('content-length') ?? 0) > max) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
