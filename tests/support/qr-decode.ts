import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text of the QR code in pixels (RGBA), read by jsQR; throws when there is none. */
function read(data: Uint8ClampedArray, width: number, height: number): string {
  const code = jsQR(data, width, height);
  if (!code) throw new Error('no QR code found in the image');
  return code.data;
}

/**
 * The text of a QR code given as a PNG `data:` URL, decoded by pngjs and read by jsQR.
 * @example decodeQrPng(offer.qrCode.png) // 'openid-credential-offer://?credential_offer_uri=…'
 */
export function decodeQrPng(dataUrl: string): string {
  const png = PNG.sync.read(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  return read(new Uint8ClampedArray(png.data), png.width, png.height);
}

/**
 * The text of a QR code given as the SVG the `qrcode` library draws (a white square, and one stroked path
 * of horizontal runs of dark modules, `M x y` / `m dx dy` moves and `h n` runs, one module wide), drawn
 * into pixels here and read by jsQR.
 * @example decodeQrSvg(offer.qrCode.svg)
 */
export function decodeQrSvg(svg: string, scale = 8): string {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const path = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !path) throw new Error('not an SVG QR code of the qrcode library');
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  let x = 0;
  let y = 0;
  for (const [, command, numbers] of path.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const values = (numbers ?? '')
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (command === 'M' || command === 'm') {
      const [dx = 0, dy = 0] = values;
      x = command === 'M' ? dx : x + dx;
      y = command === 'M' ? dy : y + dy;
      continue;
    }
    const [run = 0] = values;
    const row = Math.floor(y);
    for (let module = x; module < x + run; module++)
      for (let py = row * scale; py < (row + 1) * scale; py++)
        for (let px = module * scale; px < (module + 1) * scale; px++) {
          const at = (py * width + px) * 4;
          pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
        }
    x += run;
  }
  return read(pixels, width, width);
}
