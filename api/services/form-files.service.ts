// Photos and documents for file fields: uploaded first (POST /api/files), then named in a
// submission by their SHA-256. The type is read from the content's magic bytes, never from the
// name; only images and PDF are kept, up to a size limit. A repeated upload stores nothing new.
import { createHash } from 'node:crypto';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import { fileMetaOf, fileOf, insertFile } from '../../analytics/forms.store.ts';
import { AppError } from '../../domain/errors.ts';
import type { FileRef } from '../../domain/forms.ts';

/** The largest file a form field takes. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const startsWith = (b: Uint8Array, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x);

/** The media type the content's magic bytes say (PNG, JPEG, WebP, GIF, PDF), or null. */
export function sniffMediaType(b: Uint8Array): string | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38]) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61)
    return 'image/gif';
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

/** A file name as shown and downloaded: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c !== '\u007f')
    .join('')
    .trim();
  return (clean || 'upload').slice(0, 255);
}

/** Stores an uploaded file (audited `file.upload` when new) and returns how a file field names it. */
export async function uploadFile(
  db: DuckStore,
  actor: string,
  name: string | undefined,
  content: Uint8Array,
): Promise<FileRef> {
  if (content.length === 0)
    throw new AppError('INVALID_INPUT', 'the upload is empty', {
      problems: [{ field: 'file', reason: 'is empty' }],
    });
  if (content.length > MAX_FILE_BYTES)
    throw new AppError('INVALID_INPUT', `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, {
      problems: [{ field: 'file', reason: `may be at most ${MAX_FILE_BYTES} bytes, is ${content.length}` }],
    });
  const mediaType = sniffMediaType(content);
  if (!mediaType)
    throw new AppError('INVALID_INPUT', 'the file is not a PNG, JPEG, WebP or GIF image or a PDF', {
      problems: [
        {
          field: 'file',
          reason: 'its content is not a PNG, JPEG, WebP, GIF or PDF (the name does not count)',
        },
      ],
    });
  const sha256 = createHash('sha256').update(content).digest('hex');
  const fileName = cleanFileName(name);
  const known = await fileMetaOf(db, sha256);
  if (known) return { sha256, name: known.name, mediaType: known.media_type, size: known.size };
  await db.transaction(async (tx) => {
    await insertFile(tx, {
      sha256,
      name: fileName,
      mediaType,
      size: content.length,
      content,
      uploadedBy: actor,
      uploadedAt: new Date().toISOString(),
    });
    await appendAudit(tx, {
      actor,
      action: 'file.upload',
      subject: `file:${sha256}`,
      before: null,
      after: { name: fileName, mediaType, size: content.length },
      reason: null,
    });
  });
  return { sha256, name: fileName, mediaType, size: content.length };
}

/** A stored file with its content; NOT_FOUND when unknown. */
export async function readFile(db: DuckStore, sha256: string) {
  const f = /^[0-9a-f]{64}$/.test(sha256) ? await fileOf(db, sha256) : null;
  if (!f)
    throw new AppError('NOT_FOUND', `no uploaded file has the SHA-256 "${sha256}"`, { details: { sha256 } });
  return f;
}
