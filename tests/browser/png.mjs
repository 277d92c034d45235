// Decodes the 8-bit RGB/RGBA PNGs that Chromium's screenshots produce, so tests can look at pixels.
import { inflateSync } from 'node:zlib';

export function decodePng(buffer) {
  let offset = 8;  // signature
  let width = 0, height = 0, channels = 0;
  const idat = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('ascii', offset + 4, offset + 8);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      channels = { 2: 3, 6: 4 }[data[9]];
      if (!channels) throw new Error('only RGB and RGBA PNGs');
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) unfilter(raw, y, stride, channels, pixels);
  return { width, height, channels, pixels };
}

// PNG filter types 0–4 (None, Sub, Up, Average, Paeth), undone in place row by row.
function unfilter(raw, y, stride, bpp, out) {
  const filter = raw[y * (stride + 1)];
  const src = y * (stride + 1) + 1, row = y * stride, prev = row - stride;
  for (let x = 0; x < stride; x++) {
    const a = x >= bpp ? out[row + x - bpp] : 0;
    const b = y > 0 ? out[prev + x] : 0;
    const c = x >= bpp && y > 0 ? out[prev + x - bpp] : 0;
    let p = raw[src + x];
    if (filter === 1) p += a;
    else if (filter === 2) p += b;
    else if (filter === 3) p += (a + b) >> 1;
    else if (filter === 4) {
      const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
      p += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    out[row + x] = p & 255;
  }
}
