import { useMutation } from '@apollo/client/react';
import { FormEvent, useRef, useState } from 'react';
import { Button } from '../../components/button';
import { Field } from '../../components/field';
import { useAnnounce } from '../../components/live-region';
import { DeleteDocumentDocument, DocumentsScreenQuery, RenameDocumentDocument } from '../../gql/graphql';
import { errorMessage } from './errors';
import { say } from '../../lib/address';
import { frenchDayTime } from '../../lib/french-format';
import { useAddress } from '../../lib/session';
import { ConfirmDelete } from './confirm-delete';
import { frenchSize } from './file-size';
import { UploadZone } from './upload-zone';

/** A document as the screen's query reads it (its fields are in the query itself: documents.graphql says why). */
export type DocumentItemData = NonNullable<DocumentsScreenQuery['space']>['documents']['edges'][number]['node'];

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export function previewUrl(contentUrl: string): string {
  return `${contentUrl}?apercu=1`;
}

function Status({ status, reason }: { status: string; reason: string | null }) {
  if (status === 'PENDING') return <span className="badge badge-pending">en attente de validation</span>;
  if (status === 'REJECTED') return <span className="badge badge-rejected">refusé{reason ? ` : ${reason}` : ''}</span>;
  return null;
}

/**
 * One document: its name, size, date and uploader; « Télécharger »; « Aperçu » for an image (<img>) or a PDF (<iframe>,
 * the route sends those inline with `?apercu=1`); its versions, each with « Télécharger » when the person may have it
 * (held and refused ones: moderators only), and « Déposer une nouvelle version »; « Renommer » and
 * « Supprimer » (with a confirmation) for who may (`mayChange`: the uploader, owners and moderators).
 */
export function DocumentItem({ document, spaceId, mayUpload, onChanged }: {
  document: DocumentItemData;
  spaceId: string;
  mayUpload: boolean;
  onChanged: () => void;
}) {
  const address = useAddress();
  const announce = useAnnounce();
  const [open, setOpen] = useState<'preview' | 'versions' | 'rename' | 'delete' | null>(null);
  const [name, setName] = useState(document.name);
  const [error, setError] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const [rename, renaming] = useMutation(RenameDocumentDocument);
  const [remove, removing] = useMutation(DeleteDocumentDocument);
  const image = IMAGE_TYPES.includes(document.mediaType);
  const pdf = document.mediaType === 'application/pdf';
  const toggle = (what: NonNullable<typeof open>) => {
    setError(null);
    setOpen((current) => (current === what ? null : what));
  };

  async function onRename(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const result = await rename({ variables: { id: document.id, name } });
      const renamed = result.data?.renameDocument.name ?? name;
      announce(`Document renommé : ${renamed}.`);
      setOpen(null);
      onChanged();
      renameButton.current?.focus();
    } catch (caught) {
      setError(errorMessage(caught, address));
    }
  }

  async function onDelete() {
    setError(null);
    try {
      await remove({ variables: { id: document.id } });
      announce(`${document.name} est supprimé.`);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught, address));
      setOpen(null);
    }
  }

  return (
    <li id={`document-${document.id}`} tabIndex={-1} className="card document">
      <h3 className="document-name" tabIndex={-1}>{document.name}</h3>
      <p className="document-meta">
        <span>{frenchSize(document.sizeBytes)}</span>
        {' · '}<span>{`déposé le ${frenchDayTime(document.updatedAt)} par ${document.uploadedBy.displayName}`}</span>
        {document.version > 1 ? <>{' · '}<span>{`version ${document.version}`}</span></> : null}
        {' '}<Status status={document.status} reason={document.moderationReason} />
      </p>
      <p className="actions">
        <a className="button button-secondary" href={document.contentUrl} download={document.name}>
          Télécharger<span className="visually-hidden"> {document.name}</span>
        </a>
        {image || pdf ? (
          <Button variant="secondary" aria-expanded={open === 'preview'} onClick={() => toggle('preview')}>
            Aperçu<span className="visually-hidden"> de {document.name}</span>
          </Button>
        ) : null}
        <Button variant="secondary" aria-expanded={open === 'versions'} onClick={() => toggle('versions')}>
          Versions ({document.versions.length})<span className="visually-hidden"> de {document.name}</span>
        </Button>
        {document.mayChange ? (
          <>
            <button ref={renameButton} type="button" className="button button-secondary" aria-expanded={open === 'rename'}
              onClick={() => { setName(document.name); toggle('rename'); }}>
              Renommer<span className="visually-hidden"> {document.name}</span>
            </button>
            <button ref={deleteButton} type="button" className="button button-secondary" onClick={() => toggle('delete')}>
              Supprimer<span className="visually-hidden"> {document.name}</span>
            </button>
          </>
        ) : null}
      </p>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {open === 'preview' ? (
        <figure className="preview">
          {image
            ? <img src={previewUrl(document.contentUrl)} alt={`Aperçu de ${document.name}`} />
            : <iframe src={previewUrl(document.contentUrl)} title={`Aperçu de ${document.name}`} />}
          <figcaption>{document.name}</figcaption>
        </figure>
      ) : null}
      {open === 'versions' ? (
        <div className="versions">
          <h4>Versions de {document.name}</h4>
          <ol reversed className="version-list">
            {document.versions.map((version) => (
              <li key={version.id}>
                {`Version ${version.version} — ${version.name}, ${frenchSize(version.sizeBytes)}, le ${frenchDayTime(version.createdAt)} par ${version.uploadedBy.displayName}`}
                {' '}<Status status={version.status} reason={null} />
                {version.contentUrl ? (
                  <>
                    {' '}
                    <a className="version-download" href={version.contentUrl} download={version.name}>
                      Télécharger<span className="visually-hidden">{` la version ${version.version} de ${document.name}`}</span>
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
          {mayUpload ? (
            <UploadZone target={{ spaceId, documentId: document.id }} label="Déposer une nouvelle version" onUploaded={onChanged} />
          ) : null}
        </div>
      ) : null}
      {open === 'rename' ? (
        <form className="rename" onSubmit={(event) => void onRename(event)}>
          <Field label="Nouveau nom" value={name} onChange={(event) => setName(event.currentTarget.value)} required maxLength={200} autoFocus />
          <p className="actions">
            <Button type="submit" busy={renaming.loading}>Enregistrer</Button>
            <Button variant="secondary" onClick={() => { setOpen(null); renameButton.current?.focus(); }}>Annuler</Button>
          </p>
        </form>
      ) : null}
      {open === 'delete' ? (
        <ConfirmDelete
          question={say(address, {
            tu: `Supprimer « ${document.name} » et toutes ses versions ? Tu ne pourras pas le récupérer.`,
            vous: `Supprimer « ${document.name} » et toutes ses versions ? Vous ne pourrez pas le récupérer.`,
          })}
          busy={removing.loading} onConfirm={() => void onDelete()}
          onCancel={() => { setOpen(null); deleteButton.current?.focus(); }} />
      ) : null}
    </li>
  );
}
