import { Address, say } from './address';
import { sendToSignIn } from './session-end';

/**
 * One file sent to the hub's upload route (POST /spaces/:id/documents, multipart field « file »; `folderId` files it,
 * `documentId` makes it a new version) with XMLHttpRequest, the only browser API that reports upload progress. The
 * hub's same-origin check needs nothing more: the browser sends Origin and Sec-Fetch-Site itself, with the session
 * cookie (same origin). The hub answers errors as JSON `{ code, message }` in French. Shared by the documents screen
 * and the post editor (« Joindre un fichier », « Ajouter une image »).
 */
export interface UploadedDocument {
  readonly id: string;
  readonly name: string;
  readonly status: 'PUBLISHED' | 'PENDING' | 'REJECTED';
  readonly mediaType: string;
  readonly contentUrl: string;
}

export type UploadOutcome =
  | { readonly ok: true; readonly document: UploadedDocument }
  | { readonly ok: false; readonly code: string; readonly message: string | null };

export interface UploadTarget {
  readonly spaceId: string;
  readonly folderId?: string | null;
  readonly documentId?: string | null;
}

export function uploadUrl(target: UploadTarget): string {
  const query = new URLSearchParams();
  if (target.folderId) query.set('folderId', target.folderId);
  if (target.documentId) query.set('documentId', target.documentId);
  const search = query.toString();
  return `/spaces/${encodeURIComponent(target.spaceId)}/documents${search ? `?${search}` : ''}`;
}

export function uploadFile(target: UploadTarget, file: File, onProgress: (fraction: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl(target));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        body = null;
      }
      if (xhr.status === 201 && body && typeof body.id === 'string') {
        onProgress(1);
        resolve({ ok: true, document: body as unknown as UploadedDocument });
        return;
      }
      if (xhr.status === 401) {
        sendToSignIn();
        resolve({ ok: false, code: 'UNAUTHENTICATED', message: null });
        return;
      }
      const code = typeof body?.code === 'string' ? body.code : `HTTP_${xhr.status}`;
      const message = typeof body?.message === 'string' ? body.message : null;
      resolve({ ok: false, code, message });
    };
    xhr.onerror = () => resolve({ ok: false, code: 'NETWORK', message: null });
    xhr.onabort = () => resolve({ ok: false, code: 'NETWORK', message: null });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** The French sentence for a refused or failed upload; the hub's own message when it gave one (already in French). */
export function uploadErrorMessage(outcome: Extract<UploadOutcome, { ok: false }>, address: Address): string {
  if (outcome.code === 'NETWORK') {
    return say(address, {
      tu: 'La connexion a été perdue pendant l’envoi. Vérifie ta connexion, puis dépose le fichier à nouveau.',
      vous: 'La connexion a été perdue pendant l’envoi. Vérifiez votre connexion, puis déposez le fichier à nouveau.',
    });
  }
  if (outcome.code === 'SPACE_QUOTA_EXCEEDED' && address === 'tu') {
    return 'L’espace de stockage de cet espace est plein. Demande à ton enseignant.';
  }
  return outcome.message ?? say(address, {
    tu: 'Le fichier n’a pas pu être déposé. Réessaie dans un instant.',
    vous: 'Le fichier n’a pas pu être déposé. Réessayez dans un instant.',
  });
}
