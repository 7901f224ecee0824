import type { MultipartFile } from '@fastify/multipart';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { InvalidInputError } from '@passerelle/errors';
import { contentHeaders } from './documents.rules.js';
import { DocumentsService } from './documents.service.js';
import { toDocumentType } from './documents.type.js';
import { SpaceViewers } from './space-viewer.js';

type MultipartRequest = FastifyRequest & { isMultipart(): boolean; file(): Promise<MultipartFile | undefined> };

/**
 * Upload and download of documents, over plain HTTP so that bytes stream (GraphQL lists and describes them).
 * `POST /spaces/:id/documents` takes one multipart `file` part (`?folderId=` to file it, `?documentId=` for a new
 * version); `GET /documents/:id/content` sends the current version
 * (as an attachment; `?apercu=1` shows an image or a PDF inline, framed by the hub's own pages only: contentHeaders). A foreign or missing space or document: 404.
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
}
