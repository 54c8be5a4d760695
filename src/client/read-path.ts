// A file path as a Blob, on Node. Bundlers for browsers swap this file for read-path.browser.ts
// (the "browser" field of the SDK's package.json), so a browser build never meets node:fs.

export async function readPath(path: string): Promise<Blob> {
  const { openAsBlob } = await import('node:fs');
  return openAsBlob(path);
}
