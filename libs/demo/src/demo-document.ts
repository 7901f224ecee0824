/**
 * A one-page PDF written in code (no file in the repository, no dependency): the document of the demo space. Text in
 * Helvetica with WinAnsi encoding, so accented French letters show; the cross-reference table is computed.
 */
export function demoPdf(title: string, lines: readonly string[] = DEFAULT_LINES): Buffer {
  const text = [`BT /F1 20 Tf 60 770 Td (${pdfText(title)}) Tj ET`,
    ...lines.map((line, index) => `BT /F1 13 Tf 60 ${730 - index * 22} Td (${pdfText(line)}) Tj ET`)].join('\n');
  const content = Buffer.from(text, 'latin1');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0].length;
  const push = (buffer: Buffer) => { parts.push(buffer); length += buffer.length; };
  objects.forEach((body, index) => {
    offsets.push(length);
    push(Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
  });
  offsets.push(length);
  push(Buffer.concat([Buffer.from(`5 0 obj\n<< /Length ${content.length} >>\nstream\n`, 'latin1'), content,
    Buffer.from('\nendstream\nendobj\n', 'latin1')]));
  const xref = length;
  push(Buffer.from(`xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
    + `trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const DEFAULT_LINES = [
  '1. Le Petit Prince, Antoine de Saint-Exupéry',
  '2. Charlie et la chocolaterie, Roald Dahl',
  "3. L'Enfant Océan, Jean-Claude Mourlevat",
  '4. Le Lion, Joseph Kessel',
  '',
  'Document de démonstration : Passerelle, défi lecture CM2–6e.',
];

/** A PDF string literal in WinAnsi: escapes, and characters outside Latin-1 replaced (the en dash becomes a hyphen). */
function pdfText(value: string): string {
  return value.replace(/[–—]/g, '-').replace(/[^\x20-\xff]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
}
