import { DragEvent, useId, useRef, useState } from 'react';
import { useAnnounce } from '../../components/live-region';
import { say } from '../../lib/address';
import { useAddress } from '../../lib/session';
import { uploadErrorMessage, uploadFile, UploadTarget } from '../../lib/upload';

type Sending = { name: string; fraction: number };

/**
 * A file button (a real <input type="file"> named by its <label>, the label drawn as a button) and, with `dropZone`, a
 * zone that takes a file dropped on it. While the file goes up, a labelled <progress>; then the result is said in the
 * live region (a held upload: « en attente de validation »), an error is shown in French next to the button.
 */
export function UploadZone({ target, label, dropZone = false, onUploaded }: {
  target: UploadTarget;
  label: string;
  dropZone?: boolean;
  onUploaded: () => void;
}) {
  const address = useAddress();
  const announce = useAnnounce();
  const inputId = useId();
  const progressId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [sending, setSending] = useState<Sending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  async function send(file: File | undefined) {
    if (!file || sending) return;
    setError(null);
    setDone(null);
    setSending({ name: file.name, fraction: 0 });
    const outcome = await uploadFile(target, file, (fraction) => setSending({ name: file.name, fraction }));
    setSending(null);
    if (input.current) input.current.value = '';
    if (!outcome.ok) {
      setError(uploadErrorMessage(outcome, address));
      return;
    }
    const held = outcome.document.status === 'PENDING';
    const text = held
      ? `${outcome.document.name} : ${say(address, { tu: 'ton fichier est déposé, en attente de validation.', vous: 'fichier déposé, en attente de validation.' })}`
      : `${outcome.document.name} : ${say(address, { tu: 'ton fichier est déposé.', vous: 'fichier déposé.' })}`;
    setDone(text);
    announce(text);
    onUploaded();
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setOver(false);
    void send(event.dataTransfer.files[0]);
  }

  const percent = sending ? Math.round(sending.fraction * 100) : 0;
  const controls = (
    <>
      <input ref={input} id={inputId} type="file" className="file-input" disabled={!!sending}
        aria-describedby={error ? `${inputId}-erreur` : undefined}
        onChange={(event) => void send(event.currentTarget.files?.[0])} />
      <label htmlFor={inputId} className="button file-button">{label}</label>
    </>
  );
  return (
    <div className="upload">
      {dropZone ? (
        <div className={over ? 'drop-zone drop-zone-over' : 'drop-zone'} data-testid="zone-de-depot"
          onDragEnter={(event) => { event.preventDefault(); setOver(true); }}
          onDragOver={(event) => { event.preventDefault(); event.dataTransfer.dropEffect = 'copy'; }}
          onDragLeave={() => setOver(false)} onDrop={onDrop}>
          <p className="drop-zone-text">{say(address, { tu: 'Glisse un fichier ici, ou :', vous: 'Glissez un fichier ici, ou :' })}</p>
          {controls}
        </div>
      ) : controls}
      {sending ? (
        <div className="upload-progress">
          <label htmlFor={progressId}>Envoi de {sending.name}</label>
          <progress id={progressId} max={100} value={percent}>{percent} %</progress>
          <span aria-hidden="true"> {percent} %</span>
        </div>
      ) : null}
      {error ? <p className="field-error" id={`${inputId}-erreur`} role="alert">{error}</p> : null}
      {done ? <p className="upload-done">{done}</p> : null}
    </div>
  );
}
