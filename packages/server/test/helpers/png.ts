/**
 * QR reading for tests: `decodeQr` runs jsQR over RGBA pixels; `decodePng` decodes the PNGs the QR routes send (8-bit greyscale, RGB or RGBA, not interlaced) into RGBA
 * pixels for `jsqr`, with node:zlib: enough PNG to read a QR code back without another dependency.
 * @see https://www.w3.org/TR/png/#9Filters
 */
import { inflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';

// jsqr is CommonJS whose module.exports is the function (and also has it as `.default`); its
// typings only declare the default export, which NodeNext resolution sees as `.default`.
const jsQR = jsQRModule.default;

/** The text of the QR code in these RGBA pixels, or undefined when none is found. */
export function decodeQr(image: { data: Uint8ClampedArray; width: number; height: number }): string | undefined {
  return jsQR(image.data, image.width, image.height)?.data;
}

export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): Rgba {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      channels = CHANNELS[data[9]!] ?? 0;
      if (channels === 0) throw new Error(`unsupported colour type ${data[9]}`);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    const px = pixels.subarray(i * channels, i * channels + channels);
    const grey = channels <= 2;
    data[i * 4] = px[0]!;
    data[i * 4 + 1] = grey ? px[0]! : px[1]!;
    data[i * 4 + 2] = grey ? px[0]! : px[2]!;
    data[i * 4 + 3] = channels === 4 ? px[3]! : channels === 2 ? px[1]! : 255;
  }
  return { width, height, data };
}
