// read-path.ts for browsers: there is no file system to read a path from.

export async function readPath(path: string): Promise<Blob> {
  throw new TypeError(`jobs.upload("${path}"): a path can be read only on Node; pass a File, Blob or bytes`);
}
