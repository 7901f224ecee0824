import type { MultipartFile } from '@fastify/multipart';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { InvalidInputError, NotFoundError } from '@passerelle/errors';
import { contentHeaders } from './documents.rules.js';
import { DOCUMENT_NOT_FOUND, DocumentsService } from './documents.service.js';
import { toDocumentType } from './documents.type.js';
import { SpaceViewers } from './space-viewer.js';

type MultipartRequest = FastifyRequest & { isMultipart(): boolean; file(): Promise<MultipartFile | undefined> };

/**
 * Upload and download of documents, over plain HTTP so that bytes stream (GraphQL lists and describes them).
 * `POST /spaces/:id/documents` takes one multipart `file` part (`?folderId=` to file it, `?documentId=` for a new
 * version); `GET /documents/:id/content` sends the current version, `GET /documents/:id/versions/:version/content` an
 * older one (always as an attachment; held and refused versions to the moderators only)
 * (the current one as an attachment; `?apercu=1` shows an image or a PDF inline, framed by the hub's own pages only: contentHeaders). A foreign or missing space or document: 404.
 */
@Controller()
export class DocumentsController {
  constructor(private readonly viewers: SpaceViewers, private readonly documents: DocumentsService) {}

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
    @Query('apercu') preview?: string): Promise<void> {
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
