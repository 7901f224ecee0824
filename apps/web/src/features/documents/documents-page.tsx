import { useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useRef } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { SpaceNav } from '../../components/space-nav';
import { Loading } from '../../components/status-pages';
import { DocumentsScreenDocument, DocumentStorageFragment } from '../../gql/graphql';
import { Address, say } from '../../lib/address';
import { useAddress } from '../../lib/session';
import { DocumentItem } from './document-item';
import { useHashTarget } from '../../lib/hash-target';
import { frenchSize } from './file-size';
import { Breadcrumb, CreateFolder, FolderItem, folderPath } from './folders';
import { UploadZone } from './upload-zone';
import './documents.css';

function StorageSummary({ storage, address }: { storage: DocumentStorageFragment; address: Address }) {
  return (
    <div className="storage">
      <p>{`Espace utilisé : ${frenchSize(storage.usedBytes)} sur ${frenchSize(storage.quotaBytes)}.`}</p>
      {storage.myShareBytes !== null && storage.myUsedBytes !== null ? (
        <p>{say(address, {
          tu: `Tes fichiers : ${frenchSize(storage.myUsedBytes)} sur les ${frenchSize(storage.myShareBytes)} que tu peux déposer.`,
          vous: `Vos fichiers : ${frenchSize(storage.myUsedBytes)} sur les ${frenchSize(storage.myShareBytes)} que vous pouvez déposer.`,
        })}</p>
      ) : null}
    </div>
  );
}

/**
 * « Documents » of a space (/espaces/:id/documents): the folder in the URL (`?dossier=<id>`), its sub-folders and
 * documents, the storage used; upload by the file button or a drop, new folders, and per document download, preview,
 * versions, rename and delete for who may. One query (folders, documents with their versions, storage).
 */
export function DocumentsPage() {
  const { id: spaceId = '' } = useParams();
  const [params] = useSearchParams();
  const folderId = params.get('dossier');
  const address = useAddress();
  const variables = useMemo(() => ({ spaceId }), [spaceId]);
  const { data, error, refetch } = useQuery(DocumentsScreenDocument, { variables, fetchPolicy: 'cache-and-network' });
  const listHeading = useRef<HTMLHeadingElement>(null);
  const firstFolder = useRef(true);
  useEffect(() => {
    // Into or out of a folder: the focus goes to the folder's heading (the page's <h1> took it on arrival).
    if (firstFolder.current) {
      firstFolder.current = false;
      return;
    }
    listHeading.current?.focus();
  }, [folderId]);

  useHashTarget(!!data?.space);

  if (error && !data) return <QueryError error={error} onRetry={() => void refetch()} />;
  const space = data?.space;
  if (!space) return <Page title="Documents"><Loading /></Page>;
  const reload = () => void refetch();
  const mayUpload = space.myPermissions.includes('UPLOAD_DOCUMENT');
  const path = folderPath(space.documentFolders, folderId);
  const current = path.length > 0 ? path[path.length - 1] : null;
  const currentId = current?.id ?? null;
  const folders = space.documentFolders.filter((folder) => (folder.parentId ?? null) === currentId);
  const documents = space.documents.edges.map((edge) => edge.node);
  const here = documents.filter((document) => (document.folderId ?? null) === currentId);
  const emptyFolder = (id: string) => !documents.some((d) => d.folderId === id) && !space.documentFolders.some((f) => f.parentId === id);

  return (
    <Page title={current ? `${current.name} — Documents` : 'Documents'} heading="Documents" className="documents-page">
      <SpaceNav spaceId={space.id} spaceName={space.title} pendingModerationCount={space.pendingModerationCount} />
      <StorageSummary storage={space.documentStorage} address={address} />
      <Breadcrumb path={path} />
      <section aria-labelledby="dossier-courant">
        <h2 id="dossier-courant" ref={listHeading} tabIndex={-1}>{current ? current.name : 'Tous les documents'}</h2>
        {mayUpload ? (
          <div className="documents-tools">
            <UploadZone target={{ spaceId: space.id, folderId: currentId }} label="Déposer un fichier" dropZone onUploaded={reload} />
            <CreateFolder spaceId={space.id} parentId={currentId} onCreated={reload} />
          </div>
        ) : null}
        {folders.length === 0 && here.length === 0 ? (
          <p className="muted">{current
            ? 'Ce dossier est vide.'
            : say(address, { tu: 'Il n’y a pas encore de document ici.', vous: 'Il n’y a pas encore de document ici.' })}</p>
        ) : null}
        {folders.length > 0 ? (
          <>
            <h3 className="visually-hidden">Dossiers</h3>
            <ul className="cards folders">
              {folders.map((folder) => <FolderItem key={folder.id} folder={folder} empty={emptyFolder(folder.id)} onChanged={reload} />)}
            </ul>
          </>
        ) : null}
        {here.length > 0 ? (
          <ul className="cards documents" aria-label="Fichiers">
            {here.map((document) => (
              <DocumentItem key={document.id} document={document} spaceId={space.id} mayUpload={mayUpload} onChanged={reload} />
            ))}
          </ul>
        ) : null}
        {space.documents.pageInfo.hasNextPage ? (
          <p className="muted">Seuls les 50 documents les plus récents sont affichés.</p>
        ) : null}
      </section>
    </Page>
  );
}
