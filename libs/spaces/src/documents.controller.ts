import type { MultipartFile } from '@fastify/multipart';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { InvalidInputError, NotFoundError } from '@passerelle/errors';
import { DocumentThumbnails, THUMBNAIL_MEDIA_TYPE, thumbnailEtag } from './document-thumbnails.js';
import { contentHeaders } from './documents.rules.js';
import { DOCUMENT_NOT_FOUND, DocumentsService } from './documents.service.js';
import { toDocumentType } from './documents.type.js';
import { SpaceViewers } from './space-viewer.js';

type MultipartRequest = FastifyRequest & { isMultipart(): boolean; file(): Promise<MultipartFile | undefined> };

/**
 * Upload and download of documents, over plain HTTP so that bytes stream (GraphQL lists and describes them).
 * `POST /spaces/:id/documents` takes one multipart `file` part (`?folderId=` to file it, `?documentId=` for a new
 * version); `GET /documents/:id/content` sends the current version, `GET /documents/:id/versions/:version/content` an
 * older one (always as an attachment; held and refused versions to their uploader and the moderators only)
 * (the current one as an attachment; `?apercu=1` shows an image or a PDF inline, framed by the hub's own pages only: contentHeaders;
 * `?taille=vignette` sends an image's thumbnail: document-thumbnails.ts). A foreign or missing space or document: 404,
 * the same answer whether it does not exist, is held for a moderator, or the caller may not read its space.
 */
@Controller()
export class DocumentsController {
  constructor(private readonly viewers: SpaceViewers, private readonly documents: DocumentsService,
    private readonly thumbnails: DocumentThumbnails) {}

  @Authenticated()
  @Post('spaces/:id/documents')
  @HttpCode(201)
  async upload(@CurrentPrincipal() principal: Principal, @Param('id') spaceId: string, @Req() request: MultipartRequest,
    @Query('folderId') folderId?: string, @Query('documentId') documentId?: string): Promise<unknown> {
    if (!request.isMultipart()) throw new InvalidInputError('Envoyez le fichier dans un formulaire multipart (champ « file »).', ['file']);
    const file = await request.file();
    if (!file) throw new InvalidInputError('Aucun fichier reçu.', ['file']);
    try {
      const { document } = await this.documents.upload(this.viewers.of(principal), {
        spaceId, folderId: folderId ?? null, documentId: documentId ?? null, file: { filename: file.filename, stream: file.file },
      });
      return toDocumentType(document);
    } finally {
      // A refused upload is not read to its end: drain what is left so that the answer reaches the client.
      if (!file.file.readableEnded) file.file.resume();
    }
  }

  @Authenticated()
  @Get('documents/:id/content')
  async content(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply,
    @Query('apercu') preview?: string, @Query('taille') size?: string, @Req() request?: FastifyRequest): Promise<void> {
    if (size !== undefined) {
      if (size !== 'vignette') throw new InvalidInputError('Taille inconnue : seule « vignette » existe.', ['taille']);
      // The access rules first (a held, deleted or foreign document is a 404 like a missing one), then the thumbnail.
      const { document } = await this.documents.get(this.viewers.of(principal), id);
      const etag = thumbnailEtag(document);
      const name = `${document.name.replace(/\.[^.]+$/, '')}-vignette.webp`;
      const common = { ...contentHeaders({ name, mediaType: document.mediaType }, true), 'Cache-Control': 'private, no-cache', ETag: etag };
      if (request?.headers['if-none-match'] === etag) {
        reply.status(304).headers(common).send();
        return;
      }
      const thumbnail = await this.thumbnails.thumbnail(document);
      reply.status(200).header('Content-Type', THUMBNAIL_MEDIA_TYPE).headers(common);
      if (thumbnail.size !== null) reply.header('Content-Length', String(thumbnail.size));
      reply.send(thumbnail.stream);
      return;
    }
    const { document, stream } = await this.documents.content(this.viewers.of(principal), id);
    reply.status(200)
      .header('Content-Type', document.mediaType)
      .header('Content-Length', String(document.sizeBytes))
      .headers(contentHeaders(document, preview === '1'))
      .header('Cache-Control', 'private, no-store')
      .header('ETag', `"${document.sha256}"`)
      .send(stream);
  }

  @Authenticated()
  @Get('documents/:id/versions/:version/content')
  async versionContent(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('version') version: string,
    @Res() reply: FastifyReply): Promise<void> {
    const number = /^[1-9][0-9]{0,8}$/.test(version) ? Number(version) : null;
    if (number === null) throw new NotFoundError(DOCUMENT_NOT_FOUND);
    const content = await this.documents.versionContent(this.viewers.of(principal), id, number);
    reply.status(200)
      .header('Content-Type', content.version.mediaType)
      .header('Content-Length', String(content.version.sizeBytes))
      .headers(contentHeaders({ name: content.version.name, mediaType: content.version.mediaType }, false))
      .header('Cache-Control', 'private, no-store')
      .header('ETag', `"${content.version.sha256}"`)
      .send(content.stream);
  }
}
