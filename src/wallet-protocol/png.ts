/** CRC-32 (ISO 3309) of PNG chunks, by the usual table. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** zlib (RFC 1950) of the bytes, with the platform's CompressionStream: Node and Workers alike. */
async function zlib(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A black-and-white PNG (8-bit greyscale) of a square of modules, `scale` pixels each: what a QR code
 * matrix becomes as an image. Written here because the `qrcode` library draws PNGs only with Node's zlib
 * (or a canvas in browsers), and Workers have neither; the matrix itself is the library's.
 * @example await pngOfModules(size, (x, y) => dark(x, y), 6) // PNG bytes
 */
export async function pngOfModules(
  size: number,
  dark: (x: number, y: number) => boolean,
  scale: number,
): Promise<Uint8Array> {
  const width = size * scale;
  const raw = new Uint8Array((width + 1) * width);
  for (let py = 0; py < width; py++) {
    const row = py * (width + 1);
    raw[row] = 0; // filter: none
    for (let px = 0; px < width; px++)
      raw[row + 1 + px] = dark(Math.floor(px / scale), Math.floor(py / scale)) ? 0 : 255;
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, width);
  header.set([8, 0, 0, 0, 0], 8); // 8 bits, greyscale, deflate, adaptive filtering, no interlace
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', await zlib(raw)),
    chunk('IEND', new Uint8Array()),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    png.set(part, at);
    at += part.length;
  }
  return png;
}
