import { useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Button } from '../../components/button';
import { useAnnounce } from '../../components/live-region';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { SpaceNav } from '../../components/space-nav';
import { Loading, NotFoundPage } from '../../components/status-pages';
import { DocumentsScreenDocument, DocumentStorageFragment } from '../../gql/graphql';
import { errorCodes } from '../../lib/apollo';
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

/** Documents per page of the list (« Voir plus » asks for the next ones). */
const PAGE_SIZE = 50;

/**
 * « Documents » of a space (/espaces/:id/documents): the folder in the URL (`?dossier=<id>`), its sub-folders and
 * documents (50 at a time, « Voir plus » for the next ones), the storage used; upload by the file button or a drop, new
 * folders, and per document download, preview, versions (each one downloadable), rename and delete for who may;
 * « Renommer le dossier » for who may. One query (folders, the folder's documents with their versions, storage).
 */
export function DocumentsPage() {
  const { id: spaceId = '' } = useParams();
  const [params] = useSearchParams();
  const folderId = params.get('dossier');
  const address = useAddress();
  const announce = useAnnounce();
  const [loadingMore, setLoadingMore] = useState(false);
  const variables = useMemo(() => (folderId ? { spaceId, folderId, first: PAGE_SIZE } : { spaceId, atRoot: true, first: PAGE_SIZE }),
    [spaceId, folderId]);
  const { data, error, refetch, fetchMore } = useQuery(DocumentsScreenDocument, { variables, fetchPolicy: 'cache-and-network' });
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
  // After « Voir plus »: the focus goes to the first document just shown, once React has drawn it (the cache update
  // that brings the page renders later than the request's end).
  const [focusFrom, setFocusFrom] = useState<number | null>(null);
  const documentCount = data?.space?.documents.edges.length ?? 0;
  useEffect(() => {
    if (focusFrom === null) return;
    const headings = window.document.querySelectorAll<HTMLElement>('.documents .document-name');
    if (headings.length <= focusFrom) return;
    headings[focusFrom].focus();
    setFocusFrom(null);
  }, [focusFrom, documentCount]);
  // A folder that is not (or no longer) in the space: the hub refuses to list it.
  if (error && !data && folderId && errorCodes(error).includes('BAD_USER_INPUT')) return <NotFoundPage />;
  if (error && !data) return <QueryError error={error} onRetry={() => void refetch()} />;
  const space = data?.space;
  if (!space) return <Page title="Documents"><Loading /></Page>;
  const reload = () => void refetch();
  const mayUpload = space.myPermissions.includes('UPLOAD_DOCUMENT');
  const path = folderPath(space.documentFolders, folderId);
  const current = path.length > 0 ? path[path.length - 1] : null;
  const currentId = current?.id ?? null;
  const folders = space.documentFolders.filter((folder) => (folder.parentId ?? null) === currentId);
  // The query asked for this folder's documents (or the root's); the filter only hides a stale page while the next one loads.
  const here = space.documents.edges.map((edge) => edge.node).filter((document) => (document.folderId ?? null) === currentId);
  const pageInfo = space.documents.pageInfo;

  async function loadMore() {
    if (!pageInfo.endCursor || loadingMore) return;
    const shown = here.length;
    setLoadingMore(true);
    try {
      const result = await fetchMore({
        variables: { after: pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => {
          if (!previous.space || !fetchMoreResult.space) return previous;
          const seen = new Set(previous.space.documents.edges.map((edge) => edge.node.id));
          return {
            ...previous,
            space: {
              ...previous.space,
              documents: {
                ...previous.space.documents,
                pageInfo: fetchMoreResult.space.documents.pageInfo,
                edges: [...previous.space.documents.edges, ...fetchMoreResult.space.documents.edges.filter((edge) => !seen.has(edge.node.id))],
              },
            },
          };
        },
      });
      const added = result.data?.space?.documents.edges.length ?? 0;
      announce(`${added} document${added > 1 ? 's' : ''} de plus.`);
      // The focus goes to the first document just shown, so that reading goes on from there (the effect above).
      setFocusFrom(shown);
    } finally {
      setLoadingMore(false);
    }
  }

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
              {folders.map((folder) => <FolderItem key={folder.id} folder={folder} onChanged={reload} />)}
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
        {pageInfo.hasNextPage ? (
          <p className="actions">
            <Button variant="secondary" busy={loadingMore} onClick={() => void loadMore()}>Voir plus</Button>
          </p>
        ) : null}
      </section>
    </Page>
  );
}
