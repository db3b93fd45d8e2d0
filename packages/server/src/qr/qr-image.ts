/**
 * QR images (SVG and PNG) through the `qrcode` package, in one bounded size range so a request can
 * never ask for a huge render.
 */
import QRCode from 'qrcode';

export type QrFormat = 'svg' | 'png';

/** Side length in pixels: the default, and the bounds a `size` option must stay within. */
export const QR_SIZE = Object.freeze({ default: 256, min: 64, max: 2048 });

/**
 * Error correction M (15 % of the code may be damaged): the usual choice for printed stickers.
 * A quiet zone of 4 modules, as ISO/IEC 18004 asks, so scanners find the code on any background.
 */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/**
 * The `size` option as given in a query string: undefined (absent) gives the default; anything
 * but whole pixels within the bounds is refused (undefined result).
 *
 * @example parseQrSize('512') // 512
 */
export function parseQrSize(value: string | undefined): number | undefined {
  if (value === undefined) return QR_SIZE.default;
  if (!/^\d{1,4}$/.test(value)) return undefined;
  const size = Number(value);
  return size >= QR_SIZE.min && size <= QR_SIZE.max ? size : undefined;
}

/** An SVG document of `text` as a QR code, `size` pixels wide and high. */
export function qrSvg(text: string, size: number): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: 'svg', width: size });
}

/** A PNG of `text` as a QR code, about `size` pixels wide and high (whole pixels per module). */
export function qrPng(text: string, size: number): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: size });
}

/**
 * A `data:image/png` URL of `text` as a QR code, for pages (their CSP allows `img-src data:`). Shown
 * on a screen, where nothing scratches it: error correction L keeps a long link's code less dense.
 */
export function qrPngDataUrl(text: string, size: number): Promise<string> {
  return QRCode.toDataURL(text, { ...OPTIONS, errorCorrectionLevel: 'L', type: 'image/png', width: size });
}
