import { ChangeEvent, KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../components/button';
import { Address, say } from '../../../lib/address';
import { uploadErrorMessage, uploadFile } from '../../../lib/upload';

/** What the hub accepts in a post (ADR 0022): PNG, JPEG, GIF and WebP documents of the space. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/** The hub's longest alt text. */
export const MAX_ALT = 250;

export interface ImageChoice {
  readonly id: string;
  readonly name: string;
}

/** The address an image of a post is written with: the hub's thumbnail of the document (the hub links it to the full image). */
export function imageSource(documentId: string): string {
  return `/documents/${encodeURIComponent(documentId)}/content?taille=vignette`;
}

/**
 * « Ajouter une image »: an image among the space's documents, or one sent on the spot (through the documents' own
 * upload, lib/upload.ts), then its alternative text, required (the thumbnail is a link to the full image: the link's
 * name is that text). Entrée inserts, Échap closes; the panel never submits the post's form.
 */
export function ImagePicker({ spaceId, address, images, onInsert, onClose }: {
  spaceId: string;
  address: Address;
  /** The space's image documents the author may show (published, or their own held ones when their post is held too). */
  images: readonly ImageChoice[];
  onInsert: (image: { src: string; alt: string }) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [choice, setChoice] = useState('');
  const [chosen, setChosen] = useState<ImageChoice | null>(null);
  const [alt, setAlt] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const altInput = useRef<HTMLInputElement>(null);
  const firstControl = useRef<HTMLSelectElement & HTMLInputElement>(null);
  // The focus goes to the panel's first control when it opens, then to the description once an image is chosen (the
  // control it came from is gone).
  useEffect(() => {
    if (chosen) altInput.current?.focus();
    else firstControl.current?.focus();
  }, [chosen]);

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (!IMAGE_TYPES.includes(file.type)) {
      setError(say(address, { tu: 'Choisis une image (PNG, JPEG, GIF ou WebP).', vous: 'Choisissez une image (PNG, JPEG, GIF ou WebP).' }));
      return;
    }
    setSending(true);
    setError(null);
    const outcome = await uploadFile({ spaceId }, file, () => undefined);
    setSending(false);
    if (!outcome.ok) {
      setError(uploadErrorMessage(outcome, address));
      return;
    }
    if (!IMAGE_TYPES.includes(outcome.document.mediaType)) {
      setError(say(address, {
        tu: 'Ce fichier a été déposé dans les documents, mais ce n’est pas une image.',
        vous: 'Ce fichier a été déposé dans les documents, mais ce n’est pas une image.',
      }));
      return;
    }
    setChosen({ id: outcome.document.id, name: outcome.document.name });
  }

  function pick() {
    const found = images.find((image) => image.id === choice);
    if (!found) {
      setError(say(address, { tu: 'Choisis d’abord une image dans la liste.', vous: 'Choisissez d’abord une image dans la liste.' }));
      return;
    }
    setError(null);
    setChosen(found);
  }

  function insert() {
    const text = alt.replace(/\s+/g, ' ').trim();
    if (!chosen) return;
    if (!text) {
      setError(say(address, { tu: 'Décris l’image en quelques mots avant de l’insérer.', vous: 'Décrivez l’image en quelques mots avant de l’insérer.' }));
      altInput.current?.focus();
      return;
    }
    onInsert({ src: imageSource(chosen.id), alt: text });
  }

  function keys(event: KeyboardEvent<HTMLElement>, enter: () => void) {
    if (event.key === 'Enter') {
      event.preventDefault();
      enter();
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  }

  const errorId = `${id}-erreur`;
  return (
    <div className="image-panel" role="group" aria-labelledby={`${id}-titre`}>
      <p className="image-panel-title" id={`${id}-titre`}>Ajouter une image</p>
      {chosen ? (
        <>
          <p className="image-chosen">{say(address, { tu: 'Image choisie : ', vous: 'Image choisie : ' })}<strong>{chosen.name}</strong></p>
          <div className="field">
            <label htmlFor={`${id}-alt`}>{say(address, { tu: 'Décris l’image en quelques mots', vous: 'Décrivez l’image en quelques mots' })}</label>
            <input ref={altInput} id={`${id}-alt`} type="text" value={alt} maxLength={MAX_ALT} required
              aria-invalid={error ? true : undefined} aria-describedby={error ? `${errorId} ${id}-aide` : `${id}-aide`}
              onChange={(event) => { setAlt(event.target.value); if (error) setError(null); }}
              onKeyDown={(event) => keys(event, insert)} />
            <p className="hint" id={`${id}-aide`}>{say(address, {
              tu: 'Ce texte est lu à qui ne voit pas l’image. Par exemple : « Notre maquette du château fort ».',
              vous: 'Ce texte est lu à qui ne voit pas l’image. Par exemple : « La maquette du château fort de la classe ».',
            })}</p>
          </div>
          <div className="actions">
            <Button variant="secondary" onClick={insert}>Insérer l’image</Button>
            <Button variant="secondary" onClick={onClose}>Annuler</Button>
          </div>
        </>
      ) : (
        <>
          {images.length > 0 ? (
            <div className="attach-existing">
              <div className="field">
                <label htmlFor={`${id}-choix`}>Une image de l’espace</label>
                <select ref={firstControl} id={`${id}-choix`} value={choice} onChange={(event) => setChoice(event.target.value)}
                  onKeyDown={(event) => { if (event.key === 'Escape') keys(event, pick); }}>
                  <option value="">{say(address, { tu: 'Choisis une image', vous: 'Choisissez une image' })}</option>
                  {images.map((image) => <option key={image.id} value={image.id}>{image.name}</option>)}
                </select>
              </div>
              <Button variant="secondary" onClick={pick}>Choisir cette image</Button>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-fichier`}>{say(address, { tu: 'Ou une image de ton appareil', vous: 'Ou une image de votre appareil' })}</label>
            <input id={`${id}-fichier`} type="file" accept={IMAGE_TYPES.join(',')} disabled={sending} ref={images.length === 0 ? firstControl : undefined}
              aria-describedby={error ? errorId : undefined} onChange={(event) => void upload(event)}
              onKeyDown={(event) => { if (event.key === 'Escape') keys(event, () => undefined); }} />
            {sending ? <p role="status" className="muted">Envoi de l’image…</p> : null}
          </div>
          <div className="actions">
            <Button variant="secondary" onClick={onClose}>Annuler</Button>
          </div>
        </>
      )}
      {error ? <p className="field-error" id={errorId} role="alert">{error}</p> : null}
    </div>
  );
}
