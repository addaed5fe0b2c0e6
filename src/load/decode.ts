/**
 * Bytes to text and back: UTF-8 (with or without a BOM) and UTF-16 with a BOM. The encoding is
 * kept so that `--fix` writes a file back the way it was written. UTF-32 (with a BOM) is recognised
 * and refused by name, never read as UTF-16.
 */
/** How a file's bytes were written, so that `--fix` can write them back the same way. */
export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export type Decoded = { readonly text: string; readonly encoding: Encoding } | { readonly problem: string };

/**
 * Why these bytes are in an encoding that is not read, or undefined. UTF-32's byte order marks are
 * checked first: UTF-32LE's (FF FE 00 00) starts with UTF-16LE's (FF FE), and read as UTF-16 the
 * text would be every character followed by a NUL, which YAML parses to nothing at all.
 */
export function unsupportedEncoding(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  const utf32 = b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0 ? 'UTF-32LE' : b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff ? 'UTF-32BE' : undefined;
  return utf32 === undefined ? undefined : `${utf32} text (it starts with a ${utf32} byte order mark) is not supported: convert the file to UTF-8`;
}

/** Bytes → text: UTF-8 (BOM dropped), UTF-16 with a BOM; UTF-32, binary and invalid UTF-8 are refused. */
export function decode(bytes: Uint8Array): Decoded {
  const unsupported = unsupportedEncoding(bytes);
  if (unsupported !== undefined) return { problem: unsupported };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (bytes.subarray(0, 8192).includes(0)) return { problem: 'binary file (it contains NUL bytes), not YAML or JSON' };
  try {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    return { problem: 'not valid UTF-8 text' };
  }
}

/** Text → bytes in the file's own encoding (the inverse of {@link decode}). */
export function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  }
}
