import { SpaceAction } from './space-permissions.js';
import {
  allowedType, attachmentDisposition, contentHeaders, deletionAction, MAX_DOCUMENT_NAME, mayDownloadVersion, nameForType, sanitiseDocumentName, versionContentPath,
} from './documents.rules.js';

describe('document names', () => {
  it('keeps accents and ordinary punctuation', () => {
    expect(sanitiseDocumentName('Compte-rendu de la sortie (été 2026).pdf')).toBe('Compte-rendu de la sortie (été 2026).pdf');
  });

  it('composes accents (NFC) so that the same name is stored the same way', () => {
    expect(sanitiseDocumentName('e\u0301te\u0301.png')).toBe('été.png');
  });

  it('strips the path a browser or a script sends, whatever its separators', () => {
    expect(sanitiseDocumentName('C:\\Users\\léa\\Bureau\\dessin.png')).toBe('dessin.png');
    expect(sanitiseDocumentName('../../etc/passwd')).toBe('passwd');
  });

  it('removes control characters and invisible direction overrides', () => {
    expect(sanitiseDocumentName('photo\u0000\r\n.jpg')).toBe('photo.jpg');
    expect(sanitiseDocumentName('rapport\u202Efdp.exe')).toBe('rapportfdp.exe');
  });

  it('refuses hidden names and replaces characters file systems forbid', () => {
    expect(sanitiseDocumentName('..htaccess')).toBe('htaccess');
    expect(sanitiseDocumentName('a<b>:c"d|e?f*.txt')).toBe('a_b__c_d_e_f_.txt');
  });

  it('names an empty or dots-only name "document"', () => {
    expect(sanitiseDocumentName('')).toBe('document');
    expect(sanitiseDocumentName(null)).toBe('document');
    expect(sanitiseDocumentName(' ... ')).toBe('document');
  });

  it('limits the length, keeping the extension', () => {
    const name = sanitiseDocumentName(`${'é'.repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(MAX_DOCUMENT_NAME);
    expect(name.endsWith('é.pdf')).toBe(true);
  });

  it('adds the extension of the detected type when the name has another one', () => {
    expect(nameForType('dessin.pdf', allowedType('png')!)).toBe('dessin.pdf.png');
    expect(nameForType('photo.JPEG', allowedType('jpg')!)).toBe('photo.JPEG');
    expect(nameForType('notes', allowedType('pdf')!)).toBe('notes.pdf');
  });

  it('sends names as an RFC 5987 attachment, with an ASCII fallback that cannot break the header', () => {
    expect(attachmentDisposition('été "1".pdf')).toBe(`attachment; filename="ete _1_.pdf"; filename*=UTF-8''%C3%A9t%C3%A9%20%221%22.pdf`);
  });
});

describe('document types', () => {
  it.each(['png', 'jpg', 'gif', 'webp', 'pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'mp3', 'ogg', 'wav', 'm4a', 'mp4', 'webm'])(
    'accepts %s', (extension) => {
      expect(allowedType(extension)?.extension).toBe(extension);
    });

  it.each(['exe', 'elf', 'msi', 'zip', 'rar', '7z', 'html', 'xml', 'svg', 'js', 'swf', 'sh', 'apk', 'doc', 'rtf'])('refuses %s', (extension) => {
    expect(allowedType(extension)).toBeNull();
  });

  it('refuses content whose type cannot be detected (plain text, scripts)', () => {
    expect(allowedType(undefined)).toBeNull();
    expect(allowedType(null)).toBeNull();
  });

  it('serves the media type of the detected content', () => {
    expect(allowedType('jpg')?.mediaType).toBe('image/jpeg');
    expect(allowedType('docx')?.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });
});

describe('who may delete a document or a folder', () => {
  it('asks the right to upload for one\'s own, the right to moderate for anyone else\'s', () => {
    expect(deletionAction(true)).toBe(SpaceAction.UPLOAD_DOCUMENT);
    expect(deletionAction(false)).toBe(SpaceAction.MODERATE);
  });
});

describe('who may download one version', () => {
  it('gives published versions to every reader, held and refused ones to moderators only', () => {
    expect(mayDownloadVersion('PUBLISHED', false, false)).toBe(true);
    expect(mayDownloadVersion('PENDING', false, false)).toBe(false);
    expect(mayDownloadVersion('REJECTED', false, false)).toBe(false);
    expect(mayDownloadVersion('PENDING', true, false)).toBe(true);
    expect(mayDownloadVersion('REJECTED', true, false)).toBe(true);
    // The uploader gets their own held or refused file back (the document's own route gives it to them too).
    expect(mayDownloadVersion('PENDING', false, true)).toBe(true);
    expect(mayDownloadVersion('REJECTED', false, true)).toBe(true);
    expect(versionContentPath('d1', 3)).toBe('/documents/d1/versions/3/content');
  });
});

describe('the headers that send a document', () => {
  it('shows only images and PDF inline, and only when a preview is asked; never HTML or SVG', () => {
    for (const mediaType of ['application/pdf', 'image/png', 'image/jpeg']) {
      expect(contentHeaders({ name: 'a', mediaType }, true)['Content-Disposition']).toMatch(/^inline; /);
      expect(contentHeaders({ name: 'a', mediaType }, false)['Content-Disposition']).toMatch(/^attachment; /);
    }
    for (const mediaType of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'audio/wav']) {
      const headers = contentHeaders({ name: 'a', mediaType }, true);
      expect([mediaType, headers['Content-Disposition']]).toEqual([mediaType, expect.stringMatching(/^attachment; /)]);
      expect(headers['Content-Security-Policy']).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
    }
    const preview = contentHeaders({ name: 'a.pdf', mediaType: 'application/pdf' }, true);
    expect(preview['X-Content-Type-Options']).toBe('nosniff');
    expect(preview['Content-Security-Policy']).toBe("default-src 'none'; sandbox; frame-ancestors 'self'");
  });
});
