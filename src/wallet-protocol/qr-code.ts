import QRCode from 'qrcode';
import { pngOfModules } from './png.js';

/** A QR code of a link, as an SVG document and as a PNG `data:` URL. */
export interface QrCodes {
  svg: string;
  png: string;
}

/** The quiet zone around the code, in modules, as the QR standard asks. */
const MARGIN = 4;

/**
 * The QR code of an `openid-credential-offer://` or `openid4vp://` link: the `qrcode` library encodes it
 * (error correction M) and draws the SVG; the PNG is drawn from the same matrix by pngOfModules.
 * @example const { svg, png } = await qrCodes('openid-credential-offer://?credential_offer_uri=…');
 */
export async function qrCodes(link: string): Promise<QrCodes> {
  const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: MARGIN });
  const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
  const size = modules.size + 2 * MARGIN;
  const inside = (n: number) => n >= MARGIN && n < MARGIN + modules.size;
  const png = await pngOfModules(
    size,
    (x, y) => inside(x) && inside(y) && modules.get(y - MARGIN, x - MARGIN) === 1,
    6,
  );
  let binary = '';
  for (const byte of png) binary += String.fromCharCode(byte);
  return { svg, png: `data:image/png;base64,${btoa(binary)}` };
}
