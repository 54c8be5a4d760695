// A file path as a Blob, on Node. Bundlers for browsers swap this file for read-path.browser.ts
// (the "browser" field of the SDK's package.json), so a browser build never meets node:fs.
//
// Read whole rather than with fs.openAsBlob: a Blob from openAsBlob keeps its file handle open
// after the upload until garbage collection, so a process uploading many files could run out of
// descriptors. An upload is bounded by the server's MAX_UPLOAD_BYTES (50 MiB by default) anyway.

export async function readPath(path: string): Promise<Blob> {
  const { readFile } = await import('node:fs/promises');
  return new Blob([await readFile(path)]);
}
