import { useMutation } from '@apollo/client/react';
import { FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/button';
import { Field } from '../../components/field';
import { useAnnounce } from '../../components/live-region';
import {
  CreateDocumentFolderDocument, DeleteDocumentFolderDocument, DocumentFolderItemFragment, RenameDocumentFolderDocument,
} from '../../gql/graphql';
import { say } from '../../lib/address';
import { useAddress } from '../../lib/session';
import { ConfirmDelete } from './confirm-delete';
import { errorMessage } from './errors';

/** The link to a folder of the screen (`?dossier=<id>`, the root without it): linkable, and Back goes up again. */
export function folderSearch(folderId: string | null): string {
  return folderId ? `?dossier=${encodeURIComponent(folderId)}` : '';
}

/** The folders from the root down to `folderId` (an unknown id gives the root only). */
export function folderPath(folders: readonly DocumentFolderItemFragment[], folderId: string | null): DocumentFolderItemFragment[] {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const path: DocumentFolderItemFragment[] = [];
  let current = folderId ? byId.get(folderId) : undefined;
  while (current && path.length <= folders.length) {
    path.unshift(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path;
}

/** « Documents › Sciences › Photos »: an ordered list of links, the current folder marked aria-current. */
export function Breadcrumb({ path }: { path: readonly DocumentFolderItemFragment[] }) {
  const last = path.length - 1;
  return (
    <nav className="breadcrumb" aria-label="Dossiers">
      <ol>
        <li>{last < 0 ? <span aria-current="page">Tous les documents</span> : <Link to={{ search: '' }}>Tous les documents</Link>}</li>
        {path.map((folder, index) => (
          <li key={folder.id}>
            {index === last
              ? <span aria-current="page">{folder.name}</span>
              : <Link to={{ search: folderSearch(folder.id) }}>{folder.name}</Link>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * One sub-folder: a link into it; « Renommer le dossier » for who may (its creator, owners and moderators: `mayDelete`,
 * the same rule), and « Supprimer le dossier » (with a confirmation) when it is empty too.
 */
export function FolderItem({ folder, onChanged }: { folder: DocumentFolderItemFragment; onChanged: () => void }) {
  const address = useAddress();
  const announce = useAnnounce();
  const [open, setOpen] = useState<'rename' | 'delete' | null>(null);
  const [name, setName] = useState(folder.name);
  const [error, setError] = useState<string | null>(null);
  const [renameError, setRenameError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const [remove, removing] = useMutation(DeleteDocumentFolderDocument);
  const [rename, renaming] = useMutation(RenameDocumentFolderDocument);
  async function onDelete() {
    try {
      await remove({ variables: { id: folder.id } });
      announce(`Le dossier ${folder.name} est supprimé.`);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught, address));
      setOpen(null);
    }
  }
  async function onRename(event: FormEvent) {
    event.preventDefault();
    setRenameError(null);
    if (!name.trim()) {
      setRenameError(say(address, { tu: 'Donne un nom au dossier.', vous: 'Donnez un nom au dossier.' }));
      return;
    }
    try {
      const result = await rename({ variables: { id: folder.id, name: name.trim() } });
      announce(`Dossier renommé : ${result.data?.renameDocumentFolder.name ?? name.trim()}.`);
      setOpen(null);
      onChanged();
      requestAnimationFrame(() => renameButton.current?.focus());
    } catch (caught) {
      setRenameError(errorMessage(caught, address));
    }
  }
  return (
    <li className="card folder">
      <p className="folder-name">
        <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="22" height="22" className="folder-icon">
          <path fill="currentColor" d="M10 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-8l-2-2Z" />
        </svg>
        <Link to={{ search: folderSearch(folder.id) }}>{folder.name}</Link>
      </p>
      {folder.mayDelete ? (
        <p className="actions">
          <button ref={renameButton} type="button" className="button button-secondary" aria-expanded={open === 'rename'}
            onClick={() => { setName(folder.name); setRenameError(null); setOpen(open === 'rename' ? null : 'rename'); }}>
            Renommer le dossier<span className="visually-hidden"> {folder.name}</span>
          </button>
          {folder.empty ? (
            <button ref={button} type="button" className="button button-secondary" onClick={() => setOpen('delete')}>
              Supprimer le dossier<span className="visually-hidden"> {folder.name}</span>
            </button>
          ) : null}
        </p>
      ) : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {open === 'rename' ? (
        <form className="rename" onSubmit={(event) => void onRename(event)} noValidate>
          <Field label="Nouveau nom du dossier" value={name} onChange={(event) => setName(event.currentTarget.value)} maxLength={200}
            error={renameError} autoFocus />
          <p className="actions">
            <Button type="submit" busy={renaming.loading}>Enregistrer le nom</Button>
            <Button variant="secondary" onClick={() => { setOpen(null); renameButton.current?.focus(); }}>Annuler</Button>
          </p>
        </form>
      ) : null}
      {open === 'delete' ? (
        <ConfirmDelete question={`Supprimer le dossier « ${folder.name} » ?`} busy={removing.loading} onConfirm={() => void onDelete()}
          onCancel={() => { setOpen(null); button.current?.focus(); }} />
      ) : null}
    </li>
  );
}

/** « Nouveau dossier »: a name, « Créer le dossier »; the folder is made where the person is. */
export function CreateFolder({ spaceId, parentId, onCreated }: { spaceId: string; parentId: string | null; onCreated: () => void }) {
  const address = useAddress();
  const announce = useAnnounce();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [create, creating] = useMutation(CreateDocumentFolderDocument);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) {
      setError(say(address, { tu: 'Donne un nom au dossier.', vous: 'Donnez un nom au dossier.' }));
      return;
    }
    try {
      await create({ variables: { spaceId, name: name.trim(), parentId } });
      announce(`Le dossier ${name.trim()} est créé.`);
      setName('');
      onCreated();
    } catch (caught) {
      setError(errorMessage(caught, address));
    }
  }
  return (
    <form className="create-folder" onSubmit={(event) => void onSubmit(event)} noValidate>
      <Field label="Nom du nouveau dossier" value={name} onChange={(event) => setName(event.currentTarget.value)} maxLength={200} error={error} />
      <Button type="submit" variant="secondary" busy={creating.loading}>Créer le dossier</Button>
    </form>
  );
}
